// Scenario 1: 20,000 trivial tasks on 2 workers, all submitted at once; tasks per second.
import { interleave, isMain, now, parseFlags, table, within } from './lib/harness.mjs';
import { peers, startBare, startReactiveFutures } from './lib/peers.mjs';

const THREADS = 2;

/** Times `count` calls submitted at once on a started pool. */
async function timed(pool, count) {
  // Warm the workers (module load, JIT) outside the timing.
  await Promise.all(Array.from({ length: 200 }, (_, i) => pool.call('noop', i)));
  const start = now();
  const calls = new Array(count);
  for (let i = 0; i < count; i++) calls[i] = pool.call('noop', i);
  const results = await Promise.all(calls);
  const ms = now() - start;
  if (results[count - 1] !== count - 1) throw new Error('wrong result');
  return { tasksPerSecond: (count / ms) * 1000, ms };
}

export async function run({ quick = false } = {}) {
  const count = 20_000;
  const repetitions = quick ? 3 : 7;
  const contender = (name, start, note) => ({
    name,
    note,
    async measure() {
      const pool = await start();
      try {
        return await within(15_000, timed(pool, count), 'did not finish 20,000 tasks within 15 s');
      } finally {
        await within(5_000, pool.close(), 'close hung').catch(() => undefined);
      }
    },
  });
  const contenders = [
    {
      name: 'bare, hand-batched',
      note: '100 requests per message, one reply per batch',
      async measure() {
        const bare = await startBare(THREADS);
        try {
          // The hand-tuned baseline: every request posted at once, in batches of 100 per
          // message, each worker answering a batch with one message.
          const batch = 100;
          const run = async (n) => {
            const perWorker = bare.workers.map(() => 0);
            for (let i = 0, w = 0; i < n; i += batch, w++) perWorker[w % bare.workers.length]++;
            const done = bare.workers.map(
              ({ worker }, index) =>
                new Promise((resolve) => {
                  let seen = 0;
                  const onMessage = () => {
                    if (++seen < perWorker[index]) return;
                    worker.off('message', onMessage);
                    resolve();
                  };
                  worker.on('message', onMessage);
                }),
            );
            for (let i = 0, w = 0; i < n; i += batch, w++) {
              const values = [];
              for (let j = i; j < Math.min(n, i + batch); j++) values.push(j);
              bare.workers[w % bare.workers.length].worker.postMessage({ kind: 'noops', values });
            }
            await Promise.all(done);
          };
          bare.workers.forEach(({ worker }) => worker.removeAllListeners('message'));
          await run(2000);
          const start = now();
          await run(count);
          const ms = now() - start;
          return { tasksPerSecond: (count / ms) * 1000, ms };
        } finally {
          await bare.close();
        }
      },
    },
    contender('bare worker_threads', () => startBare(THREADS), 'pipelined, one message per request'),
    contender('reactive-futures', () => startReactiveFutures(THREADS)),
    ...Object.entries(peers).map(([name, start]) => contender(name, () => start(THREADS))),
  ];

  const results = await interleave(contenders, repetitions);
  const markdown = table(results, {
    baseline: 'bare worker_threads',
    ratioOf: 'tasksPerSecond',
    columns: [
      { key: 'tasksPerSecond', label: 'tasks/s (median)' },
      { key: 'ms', label: 'ms for 20,000' },
    ],
  });
  return { title: `20,000 trivial tasks on ${THREADS} workers, all in flight`, markdown, results };
}

if (isMain(import.meta.url)) {
  const { markdown } = await run(parseFlags());
  console.log(markdown);
}
