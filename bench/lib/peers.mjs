// One adapter per contender: start a pool of `threads` workers, call a function of
// bench/workers/functions.mjs by name, close. Each adapter uses the peer the way its
// documentation shows; where a peer offers no way to do something, `call` throws.
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import Piscina from 'piscina';
import { Tinypool } from 'tinypool';
import workerpool from 'workerpool';
import { FixedThreadPool } from 'poolifier';
import { spawn, Pool, Worker as ThreadsWorker, Thread, Transfer as threadsTransfer } from 'threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Executor, WorkerContext, submitCall, taskModule, transfer } from 'reactive-futures';

const workerFile = (name) => new URL(`../workers/${name}`, import.meta.url);
export const rfTasks = taskModule(workerFile('rf-tasks.mjs'));

/**
 * The bare baseline: `threads` workers of bench/workers/bare-worker.mjs, requests spread
 * round-robin, replies matched in order per worker (each worker answers in order).
 */
export async function startBare(threads = 2, workerData = undefined) {
  const workers = [];
  for (let index = 0; index < threads; index++) {
    const worker = new Worker(workerFile('bare-worker.mjs'), { workerData });
    const pending = [];
    worker.on('message', (value) => pending.shift()(value));
    workers.push({ worker, pending });
  }
  let next = 0;
  return {
    workers,
    call(kind, value, transferIt = false) {
      const entry = workers[next++ % workers.length];
      return new Promise((resolve) => {
        entry.pending.push(resolve);
        entry.worker.postMessage({ kind, value, transfer: transferIt }, transferIt ? [value.buffer] : []);
      });
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

/** reactive-futures on a WorkerContext; `contextOptions` adds e.g. `tasksPerWorker`. */
export async function startReactiveFutures(threads = 2, contextOptions = {}) {
  const context = new WorkerContext({ maxWorkers: threads, ...contextOptions });
  const executor = new Executor({ context });
  return {
    executor,
    context,
    async call(name, value, transferIt = false) {
      const fn = transferIt ? rfTasks.echoTransfer : rfTasks[name];
      const future = submitCall(executor, fn, transferIt ? transfer(value, [value.buffer]) : value);
      await future.settled();
      if (future.state !== 'completed') throw new Error(`task ${future.state}: ${future.exception?.message}`);
      return future.result;
    },
    async close() {
      await executor.shutdown();
      await context.close();
    },
  };
}

export const peers = {
  async piscina(threads = 2) {
    const pool = new Piscina({
      filename: workerFile('piscina-worker.mjs').href,
      minThreads: threads,
      maxThreads: threads,
    });
    return {
      pool,
      call: (name, value, transferIt = false) =>
        transferIt ? pool.run(Piscina.move(value), { name: 'echoMove' }) : pool.run(value, { name }),
      close: () => pool.destroy(),
    };
  },
  async tinypool(threads = 2) {
    const pool = new Tinypool({
      filename: workerFile('tinypool-worker.mjs').href,
      minThreads: threads,
      maxThreads: threads,
    });
    return {
      pool,
      call: (name, value, transferIt = false) =>
        transferIt ? pool.run(Tinypool.move(value), { name: 'echoMove' }) : pool.run(value, { name }),
      close: () => pool.destroy(),
    };
  },
  async workerpool(threads = 2) {
    const pool = workerpool.pool(workerFile('workerpool-worker.mjs').pathname, {
      minWorkers: threads,
      maxWorkers: threads,
      workerType: 'thread',
    });
    return {
      pool,
      call: (name, value, transferIt = false) =>
        transferIt
          ? pool.exec('echoTransfer', [value], { transfer: [value.buffer] })
          : pool.exec(name, [value]),
      close: () => pool.terminate(true),
    };
  },
  async poolifier(threads = 2) {
    const pool = new FixedThreadPool(threads, workerFile('poolifier-worker.mjs').pathname, {
      errorHandler: (error) => console.error(error),
    });
    return {
      pool,
      // poolifier transfers main → worker only; the reply is copied.
      call: (name, value, transferIt = false) =>
        transferIt ? pool.execute(value, 'echo', undefined, [value.buffer]) : pool.execute(value, name),
      close: () => pool.destroy(),
    };
  },
  async threads(threads = 2) {
    const pool = Pool(() => spawn(new ThreadsWorker('../workers/threads-worker.mjs')), {
      size: threads,
    });
    return {
      pool,
      call: (name, value, transferIt = false) =>
        pool.queue((worker) =>
          transferIt ? worker.echoTransfer(threadsTransfer(value, [value.buffer])) : worker[name](value),
        ),
      close: () => pool.terminate(true),
    };
  },
  async comlink(threads = 2) {
    // Comlink wraps one worker; a "pool" is several wrapped workers used round-robin.
    const workers = [];
    for (let index = 0; index < threads; index++) {
      const worker = new Worker(workerFile('comlink-worker.mjs'));
      workers.push({ worker, remote: Comlink.wrap(nodeEndpoint(worker)) });
    }
    let next = 0;
    return {
      workers,
      call(name, value, transferIt = false) {
        const { remote } = workers[next++ % workers.length];
        return transferIt
          ? remote.echoTransfer(Comlink.transfer(value, [value.buffer]))
          : remote[name](value);
      },
      async close() {
        for (const { remote } of workers) remote[Comlink.releaseProxy]();
        await Promise.all(workers.map(({ worker }) => worker.terminate()));
      },
    };
  },
};

export { Comlink, Thread };
