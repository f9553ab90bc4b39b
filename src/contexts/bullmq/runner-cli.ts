#!/usr/bin/env node
/**
 * `reactive-futures-runner`: a runner process (see `startRunner`). Stops on SIGTERM or SIGINT,
 * letting the tasks in hand finish within `--shutdown-grace`.
 *
 *     reactive-futures-runner --redis redis://host:6379 --queue rf-tasks --root /srv/app --concurrency 4
 */
import { parseArgs } from 'node:util';
import { startRunner } from './runner.js';

const USAGE = `Usage: reactive-futures-runner [options]
  --redis <url>              Redis URL (default: $REDIS_URL or redis://127.0.0.1:6379)
  --queue <name>             queue name (default: reactive-futures)
  --prefix <prefix>          key prefix (default: rf)
  --root <folder>            folder task module paths are relative to (default: the current folder)
  --concurrency <n>          tasks run at once, one worker thread each (default: 1)
  --allow-inline-functions   run inline functions (anyone who can write to the queue can then run code here)
  --name <name>              runner name (default: <hostname>:<pid>)
  --lease <ms>               lease: a runner silent this long is declared lost (default: 10000)
  --shutdown-grace <ms>      on SIGTERM/SIGINT, how long tasks in hand may finish (default: 30000)`;

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`Expected --${name} to be a whole number, got ${JSON.stringify(value)}.\n${USAGE}`);
    process.exit(2);
  }
  return number;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      redis: { type: 'string' },
      queue: { type: 'string' },
      prefix: { type: 'string' },
      root: { type: 'string' },
      concurrency: { type: 'string' },
      'allow-inline-functions': { type: 'boolean' },
      name: { type: 'string' },
      lease: { type: 'string' },
      'shutdown-grace': { type: 'string' },
      help: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
if (parsed.help === true) {
  console.log(USAGE);
  process.exit(0);
}

const grace = integer(parsed['shutdown-grace'], 'shutdown-grace') ?? 30_000;
const lease = integer(parsed.lease, 'lease');
const concurrency = integer(parsed.concurrency, 'concurrency');
const runner = await startRunner({
  connection: parsed.redis ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  ...(parsed.queue === undefined ? {} : { queue: parsed.queue }),
  ...(parsed.prefix === undefined ? {} : { prefix: parsed.prefix }),
  ...(parsed.root === undefined ? {} : { root: parsed.root }),
  ...(concurrency === undefined ? {} : { concurrency }),
  ...(parsed.name === undefined ? {} : { name: parsed.name }),
  ...(lease === undefined ? {} : { lease }),
  allowInlineFunctions: parsed['allow-inline-functions'] === true,
});
console.log(`reactive-futures-runner ${runner.name} ready`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`reactive-futures-runner ${runner.name} stopping (${signal})`);
  void runner.close({ grace }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
