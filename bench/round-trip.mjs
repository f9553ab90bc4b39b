// Scenario 2: sequential round trip: one trivial task at a time on one worker; µs per task.
// Two figures per contender: the first calls of a new pool (its worker's code not yet compiled
// by the JIT, the main thread's already is after the first repetition), and the steady state
// after a warm-up long enough for every contender's worker to be compiled; the ratio is the
// steady state's, which is what an application that keeps its pool sees.
import { interleave, isMain, now, parseFlags, table, within } from './lib/harness.mjs';
import { peers, startBare, startReactiveFutures } from './lib/peers.mjs';

export async function run({ quick = false } = {}) {
  const count = quick ? 1000 : 3000;
  const firstCalls = 300;
  const warmup = quick ? 2000 : 5000;
  const repetitions = quick ? 3 : 7;
  const contender = (name, start) => ({
    name,
    async measure() {
      const pool = await start();
      try {
        return await within(
          60_000,
          (async () => {
            await pool.call('noop', 0); // the worker has started
            const started = now();
            for (let i = 1; i <= firstCalls; i++) await pool.call('noop', i);
            const first = ((now() - started) / firstCalls) * 1000;
            for (let i = firstCalls + 1; i < warmup; i++) await pool.call('noop', i);
            const begin = now();
            for (let i = 0; i < count; i++) await pool.call('noop', i);
            return { microseconds: ((now() - begin) / count) * 1000, first };
          })(),
          'too slow',
        );
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
    ratioOf: 'microseconds',
    columns: [
      { key: 'microseconds', label: `µs per task after ${warmup.toLocaleString('en')} calls (median)` },
      { key: 'first', label: `µs per task, ${firstCalls} calls after a new pool's first` },
    ],
  });
  return { title: 'Sequential round trip (one task at a time, one worker)', markdown, results };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
