// Scenario 3: 1,000,000 small items streamed from one worker, each delivered to the main
// thread in order; items per second and the main event loop's delay (p99) meanwhile.
import { Worker } from 'node:worker_threads';
import workerpool from 'workerpool';
import { spawn, Thread, Worker as ThreadsWorker } from 'threads';
import { Executor, WorkerContext, submitIteration } from 'reactive-futures';
import { interleave, isMain, now, parseFlags, table, withLoopDelay, within } from './lib/harness.mjs';
import { Comlink, peers, rfTasks } from './lib/peers.mjs';

const nodeEndpoint = (await import('comlink/dist/esm/node-adapter.mjs')).default;
const workerFile = (name) => new URL(`./workers/${name}`, import.meta.url);

/** Counts items, checking their order; resolves with the count at `end`. */
function orderChecker() {
  let expected = 0;
  return {
    item(value) {
      if (value !== expected) throw new Error(`item ${value} arrived where ${expected} was expected`);
      expected += 1;
    },
    get count() {
      return expected;
    },
  };
}

async function measure(count, body) {
  const begin = now();
  const { value, p99, max } = await withLoopDelay(body);
  const ms = now() - begin;
  if (value !== count) throw new Error(`${value} of ${count} items arrived`);
  return { itemsPerSecond: (count / ms) * 1000, lagP99: p99, lagMax: max };
}

function bare(count, batch) {
  return async () => {
    const worker = new Worker(workerFile('bare-worker.mjs'));
    try {
      return await measure(
        count,
        () =>
          new Promise((resolve) => {
            const checker = orderChecker();
            worker.on('message', (message) => {
              if (message === 'end') resolve(checker.count);
              else if (batch <= 1) checker.item(message);
              else for (const item of message) checker.item(item);
            });
            worker.postMessage({ kind: 'stream', count, batch });
          }),
      );
    } finally {
      await worker.terminate();
    }
  };
}

export async function run({ quick = false } = {}) {
  const count = quick ? 200_000 : 1_000_000;
  const slowCount = count / 10;
  const repetitions = quick ? 3 : 5;
  const contenders = [
    { name: 'bare worker_threads', note: 'one message per item', measure: bare(count, 1) },
    { name: 'bare, batches of 1,000', measure: bare(count, 1000) },
    {
      name: 'reactive-futures',
      note: "submitIteration, one 'resultEvent' per item",
      async measure() {
        const context = new WorkerContext({ maxWorkers: 1 });
        const executor = new Executor({ context });
        try {
          await submitIteration(executor, rfTasks.stream, 10).settled();
          return await measure(count, async () => {
            const checker = orderChecker();
            const future = submitIteration(executor, rfTasks.stream, count);
            future.observe('resultEvent', (event) => checker.item(event.new));
            await future.settled();
            if (future.state !== 'completed') throw new Error(`iteration ${future.state}`);
            return checker.count;
          });
        } finally {
          await executor.shutdown();
          await context.close();
        }
      },
    },
    ...['piscina', 'tinypool'].map((name) => ({
      name,
      note: 'no streaming API: a MessagePort passed to the task',
      async measure() {
        const pool = await peers[name](1);
        try {
          await pool.call('noop', 1);
          return await measure(count, async () => {
            const { port1, port2 } = new MessageChannel();
            const checker = orderChecker();
            const ended = new Promise((resolve) => {
              port1.on('message', (message) => (message === 'end' ? resolve() : checker.item(message)));
            });
            await pool.pool.run({ port: port2, count }, { name: 'streamToPort', transferList: [port2] });
            await ended;
            port1.close();
            return checker.count;
          });
        } finally {
          await within(5_000, pool.close(), 'close hung').catch(() => undefined);
        }
      },
    })),
    {
      name: 'workerpool',
      note: 'workerEmit per item',
      async measure() {
        const pool = workerpool.pool(workerFile('workerpool-worker.mjs').pathname, {
          maxWorkers: 1,
          workerType: 'thread',
        });
        try {
          await pool.exec('noop', [1]);
          return await measure(count, async () => {
            const checker = orderChecker();
            await pool.exec('stream', [count], { on: (item) => checker.item(item) });
            return checker.count;
          });
        } finally {
          await pool.terminate(true);
        }
      },
    },
    { name: 'poolifier', measure: async () => ({ error: 'no way for a task to stream results' }) },
    {
      name: 'threads',
      note: `Observable, ${slowCount.toLocaleString('en')} items (too slow for more)`,
      async measure() {
        const worker = await spawn(new ThreadsWorker('./workers/threads-worker.mjs'));
        try {
          return await within(
            60_000,
            measure(
              slowCount,
              () =>
                new Promise((resolve, reject) => {
                  const checker = orderChecker();
                  worker.stream(slowCount).subscribe({
                    next: (item) => {
                      try {
                        checker.item(item);
                      } catch (error) {
                        reject(error);
                      }
                    },
                    error: reject,
                    complete: () => resolve(checker.count),
                  });
                }),
            ),
            'too slow',
          );
        } finally {
          await Thread.terminate(worker);
        }
      },
    },
    {
      name: 'comlink',
      note: `proxied callback, ${slowCount.toLocaleString('en')} items (too slow for more)`,
      async measure() {
        const worker = new Worker(workerFile('comlink-worker.mjs'));
        const remote = Comlink.wrap(nodeEndpoint(worker));
        try {
          return await within(
            60_000,
            measure(slowCount, async () => {
              const checker = orderChecker();
              await remote.stream(
                slowCount,
                Comlink.proxy((item) => (item === 'end' ? undefined : checker.item(item))),
              );
              return checker.count;
            }),
            'too slow',
          );
        } finally {
          remote[Comlink.releaseProxy]();
          await worker.terminate();
        }
      },
    },
  ];
  const results = await interleave(contenders, repetitions);
  const markdown = table(results, {
    baseline: 'bare worker_threads',
    ratioOf: 'itemsPerSecond',
    columns: [
      { key: 'itemsPerSecond', label: 'items/s (median)' },
      { key: 'lagP99', label: 'main loop delay p99, ms' },
      { key: 'lagMax', label: 'delay max, ms' },
    ],
  });
  return {
    title: `${count.toLocaleString('en')} small items streamed from one worker, each delivered in order`,
    markdown,
    results,
  };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
