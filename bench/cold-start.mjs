// Scenario 5: cold start: a new pool (one worker) until the first result is back.
import { interleave, isMain, now, parseFlags, table, within } from './lib/harness.mjs';
import { peers, startBare, startReactiveFutures } from './lib/peers.mjs';

export async function run({ quick = false } = {}) {
  const repetitions = quick ? 5 : 11;
  const contender = (name, start) => ({
    name,
    async measure() {
      const begin = now();
      const pool = await start();
      try {
        await within(10_000, pool.call('noop', 1), 'no result within 10 s');
        return { ms: now() - begin };
      } finally {
        await within(5_000, pool.close(), 'close hung').catch(() => undefined);
      }
    },
  });
  const contenders = [
    contender('bare worker_threads', () => startBare(1)),
    contender('reactive-futures', () => startReactiveFutures(1)),
    ...Object.entries(peers).map(([name, start]) => contender(name, () => start(1))),
  ];
  const results = await interleave(contenders, repetitions);
  const markdown = table(results, {
    baseline: 'bare worker_threads',
    ratioOf: 'ms',
    columns: [{ key: 'ms', label: 'ms to first result (median)' }],
  });
  return { title: 'Cold start: new pool (one worker) to first result', markdown, results };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
