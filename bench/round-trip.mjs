// Scenario 2: sequential round trip: one trivial task at a time on one worker; µs per task.
import { interleave, isMain, now, parseFlags, table, within } from './lib/harness.mjs';
import { peers, startBare, startReactiveFutures } from './lib/peers.mjs';

export async function run({ quick = false } = {}) {
  const count = quick ? 1000 : 3000;
  const repetitions = quick ? 3 : 7;
  const contender = (name, start) => ({
    name,
    async measure() {
      const pool = await start();
      try {
        return await within(
          20_000,
          (async () => {
            for (let i = 0; i < 300; i++) await pool.call('noop', i);
            const begin = now();
            for (let i = 0; i < count; i++) await pool.call('noop', i);
            return { microseconds: ((now() - begin) / count) * 1000 };
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
    columns: [{ key: 'microseconds', label: 'µs per task (median)' }],
  });
  return { title: 'Sequential round trip (one task at a time, one worker)', markdown, results };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
