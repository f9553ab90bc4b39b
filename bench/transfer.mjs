// Scenario 6: a 16 MiB Float64Array to a worker and back, transferred (moved) or copied.
import { interleave, isMain, now, parseFlags, table, within } from './lib/harness.mjs';
import { peers, startBare, startReactiveFutures } from './lib/peers.mjs';

const LENGTH = (16 * 1024 * 1024) / 8;
/** Untimed calls, then round trips of a moved array, on each new pool before the timed ones. */
const WARM_UP_CALLS = 2_000;
const WARM_UP_MOVES = 20;

export async function run({ quick = false } = {}) {
  const repetitions = quick ? 3 : 9;
  const rounds = quick ? 5 : 9;
  const contender = (name, start) => ({
    name,
    async measure() {
      const pool = await start();
      try {
        return await within(
          30_000,
          (async () => {
            const timeRound = async (transferIt) => {
              const samples = [];
              // Moved, one array goes back and forth: a new 16 MiB array each round would time
              // the garbage collections its allocations cause (0.4 to 2.5 ms, at random), not the
              // move. Copied, each direction allocates a new array anyway.
              let array = new Float64Array(LENGTH);
              for (let round = 0; round < rounds; round++) {
                array[LENGTH - 1] = round;
                const begin = now();
                const back = await pool.call('echo', array, transferIt);
                samples.push(now() - begin);
                if (back.length !== LENGTH || back[LENGTH - 1] !== round) throw new Error('wrong array back');
                array = transferIt ? back : new Float64Array(LENGTH);
              }
              samples.sort((a, b) => a - b);
              return samples[samples.length >> 1];
            };
            // A new pool's worker runs its code cold (a new isolate, not yet compiled by the JIT;
            // ours takes ~2,000 calls to reach its pace): warm it up first, so that the rounds
            // time the move, not the warm-up (the round-trip scenario reports a new pool's first
            // calls).
            for (let call = 0; call < WARM_UP_CALLS; call++) await pool.call('noop', call);
            let warm = new Float64Array(LENGTH);
            for (let round = 0; round < WARM_UP_MOVES; round++) warm = await pool.call('echo', warm, true);
            return { transferredMs: await timeRound(true), copiedMs: await timeRound(false) };
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
  const columns = [
    { key: 'transferredMs', label: 'transferred, ms' },
    { key: 'copiedMs', label: 'copied, ms' },
  ];
  const markdown = [
    table(results, { baseline: 'bare worker_threads', ratioOf: 'transferredMs', columns }),
    '',
    table(results, { baseline: 'bare worker_threads', ratioOf: 'copiedMs', columns }),
  ].join('\n');
  return {
    title: '16 MiB Float64Array round trip (poolifier moves it to the worker only: its reply is copied)',
    markdown,
    results,
  };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
