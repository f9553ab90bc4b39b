/**
 * The distributed demo (`npm run demo:distributed`): a Redis (from `REDIS_URL`, or a
 * `redis-server` started here on a free port), two runner processes, and this main process,
 * which streams π estimates, follows prime counts by their progress, and cancels a spinning
 * task, with a live view of which runner runs what.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/distributed/demo.ts [--plain]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type CallFuture,
  Executor,
  submitIteration,
  submitProgress,
  submitCall,
  taskModule,
  type BaseFuture,
} from 'reactive-futures';
import { BullMQContext } from 'reactive-futures/bullmq';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.ts', import.meta.url));
const { values } = parseArgs({ options: { plain: { type: 'boolean' } } });
const tty = process.stdout.isTTY && values.plain !== true;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Starts a child process and resolves once it prints `ready`. */
function startChild(
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    children.push(child);
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${String(code)}):\n${output}`)));
  });
}

async function startRedis(): Promise<string> {
  if (process.env['REDIS_URL'] !== undefined) return process.env['REDIS_URL'];
  const port = await freePort();
  await startChild(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept/,
  );
  return `redis://127.0.0.1:${port}`;
}

function startRunner(url: string, queue: string, name: string): Promise<ChildProcess> {
  const cli = fileURLToPath(new URL('../../dist/contexts/bullmq/runner-cli.js', import.meta.url));
  const loader = fileURLToPath(new URL('../../scripts/typescript-loader.mjs', import.meta.url));
  return startChild(
    process.execPath,
    [
      '--import',
      loader,
      cli,
      '--redis',
      url,
      '--queue',
      queue,
      '--name',
      name,
      '--root',
      ROOT,
      '--concurrency',
      '2',
    ],
    /ready/,
    { RF_RUNNER_NAME: name },
  );
}

/** One line of the live view. */
interface Row {
  readonly label: string;
  readonly future: BaseFuture;
  runner: string;
  detail: string;
}

const rows: Row[] = [];
let drawnLines = 0;

function draw(): void {
  const lines = rows.map(
    (row) => `${row.label.padEnd(22)} ${row.future.state.padEnd(10)} ${row.runner.padEnd(10)} ${row.detail}`,
  );
  const header = `${'task'.padEnd(22)} ${'state'.padEnd(10)} ${'runner'.padEnd(10)} detail`;
  if (tty) {
    if (drawnLines > 0) process.stdout.write(`\x1b[${drawnLines}A`);
    process.stdout.write([header, ...lines].map((line) => `\x1b[2K${line}\n`).join(''));
    drawnLines = lines.length + 1;
  } else {
    console.log([header, ...lines].join('\n') + '\n');
  }
}

const url = await startRedis();
const queue = `demo-${process.pid}`;
console.log(`Redis: ${url}; queue: ${queue}; starting two runners…`);
await Promise.all([startRunner(url, queue, 'runner-A'), startRunner(url, queue, 'runner-B')]);

const context = new BullMQContext({ connection: url, queue, moduleRoot: ROOT });
const executor = new Executor({ context });
try {
  for (const index of [1, 2]) {
    const future = submitIteration(executor, tasks.approximatePi, 20_000_000, 200_000);
    const row: Row = { label: `π estimate #${index}`, future, runner: '…', detail: '' };
    future.observe('resultEvent', (event) => {
      row.runner = event.new.runner;
      row.detail = `${event.new.estimate.toFixed(6)} after ${(event.new.samples / 1e6).toFixed(1)}M samples`;
    });
    rows.push(row);
  }
  for (const limit of [2_000_000, 3_000_000]) {
    const future = submitProgress(executor, tasks.countPrimes, limit);
    const row: Row = { label: `primes < ${limit / 1e6}M`, future, runner: '…', detail: '' };
    future.observe('progress', (event) => {
      row.runner = event.new.runner;
      row.detail = `${'#'.repeat(Math.round(event.new.fraction * 30)).padEnd(30, '.')} ${Math.round(event.new.fraction * 100)}%`;
    });
    rows.push(row);
  }
  // The task sends a custom `runner` message: the second type parameter types it.
  const spinner: CallFuture<number, { runner: string }> = submitCall(executor, tasks.spinUntilCancelled);
  const spinRow: Row = { label: 'spin until cancelled', future: spinner, runner: '…', detail: 'queued' };
  spinner.observe('runner', (event) => {
    spinRow.runner = event.new;
    spinRow.detail = 'spinning; cancelled once a π estimate ends';
  });
  rows.push(spinRow);

  const timer = setInterval(draw, tty ? 100 : 1000);
  await Promise.all(rows.slice(0, 2).map((row) => row.future.settled()));
  spinner.cancel();
  await Promise.all(rows.map((row) => row.future.settled()));
  clearInterval(timer);
  for (const row of rows) {
    if (row.future.state === 'completed') row.detail = `result: ${String(row.future.result)}`;
    if (row.future.state === 'cancelled') row.detail = 'cancelled: its loop saw cancelled() and returned';
    if (row.future.state === 'failed')
      row.detail = `${row.future.exception.type}: ${row.future.exception.message}`;
  }
  draw();
} finally {
  await executor.shutdown();
  await context.close();
  for (const child of children.reverse()) child.kill('SIGTERM');
}
