// Scenario 4: cancel a CPU-bound task, until the worker has run the next task (one worker).
// Cooperative: the task checks a shared flag. Forced: the task never checks; the worker is
// terminated and replaced.
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { Executor, WorkerContext, submitCall } from 'reactive-futures';
import { interleave, isMain, now, parseFlags, table, within } from './lib/harness.mjs';
import { peers, rfTasks } from './lib/peers.mjs';

const workerFile = (name) => new URL(`./workers/${name}`, import.meta.url);
const NEVER_MS = 2000;
/**
 * Untimed calls on each new pool (or bare worker) before the timed rounds: a new worker runs its
 * code cold (a new isolate, not yet compiled by the JIT; ours takes ~2,000 calls to reach its
 * pace), and the rounds are to time the cancellation, not that warm-up (the round-trip scenario
 * reports a new pool's first calls). A respawn starts a new worker whatever was warmed.
 */
const WARM_UP_CALLS = 2_000;

export async function run({ quick = false } = {}) {
  const repetitions = quick ? 3 : 7;
  const rounds = quick ? 5 : 10;
  /** Median over `rounds` of `once()` (ms), on one started setup. */
  const rounds_ = async (once) => {
    const samples = [];
    for (let round = 0; round < rounds; round++) samples.push(await once());
    samples.sort((a, b) => a - b);
    return samples[samples.length >> 1];
  };
  const rf = (force) => async () => {
    const context = new WorkerContext({ maxWorkers: 1 });
    const executor = new Executor({ context });
    try {
      for (let call = 0; call < WARM_UP_CALLS; call++)
        await submitCall(executor, rfTasks.noop, call).settled();
      const ms = await rounds_(async () => {
        const task = submitCall(executor, force ? rfTasks.spinForever : rfTasks.spinUntilCancelled);
        // A cooperative task is seen executing (its first checks post its `started`); one that
        // never checks is not, until it ends: give it time to start.
        if (force) await sleep(30);
        else
          await new Promise((resolve) =>
            task.observe('state', (event) => event.new === 'executing' && resolve()),
          );
        const begin = now();
        task.cancel(force ? { force: true } : undefined);
        const next = submitCall(executor, rfTasks.noop, 1);
        await Promise.all([task.settled(), next.settled()]);
        if (task.state !== 'cancelled' || next.state !== 'completed') throw new Error('unexpected states');
        return now() - begin;
      });
      return { ms };
    } finally {
      await executor.shutdown();
      await context.close();
    }
  };
  const bareCooperative = async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(workerFile('bare-worker.mjs'), { workerData: { flag: flag.buffer } });
    const replies = [];
    let wake;
    worker.on('message', (message) => {
      replies.push(message);
      wake?.();
    });
    const reply = () => new Promise((resolve) => (wake = () => resolve(replies.shift())));
    try {
      for (let call = 0; call < WARM_UP_CALLS; call++) {
        const answered = reply();
        worker.postMessage({ kind: 'noop', value: call });
        await answered;
      }
      const ms = await rounds_(async () => {
        worker.postMessage({ kind: 'spin' });
        await sleep(3);
        const begin = now();
        Atomics.store(flag, 0, 1);
        const spun = reply();
        await spun;
        worker.postMessage({ kind: 'noop', value: 1 });
        await reply();
        return now() - begin;
      });
      return { ms };
    } finally {
      await worker.terminate();
    }
  };
  const bareRespawn = async () => {
    let worker = new Worker(workerFile('bare-worker.mjs'));
    try {
      const ms = await rounds_(async () => {
        worker.postMessage({ kind: 'spinForever' });
        await sleep(3);
        const begin = now();
        await worker.terminate();
        worker = new Worker(workerFile('bare-worker.mjs'));
        await new Promise((resolve) => {
          worker.once('message', resolve);
          worker.postMessage({ kind: 'noop', value: 1 });
        });
        return now() - begin;
      });
      return { ms };
    } finally {
      await worker.terminate();
    }
  };
  /** A peer: cancel through its own API a task that spins for 5 s, then run the next task. */
  const peer = (name, cancelHow) => async () => {
    const pool = await peers[name](1);
    try {
      for (let call = 0; call < WARM_UP_CALLS; call++) await pool.call('noop', call);
      const ms = await rounds_(async () => {
        const started = cancelHow.start(pool);
        await sleep(30); // let it reach the worker and start spinning
        const begin = now();
        started.cancel();
        await within(
          NEVER_MS,
          Promise.all([started.settled.catch(() => undefined), pool.call('noop', 1)]),
          `the next task did not run within ${NEVER_MS} ms of the cancel`,
        );
        return now() - begin;
      });
      return { ms };
    } finally {
      await within(8_000, pool.close(), 'close hung').catch(() => undefined);
    }
  };
  const withSignal = (run) => ({
    start(pool) {
      const controller = new AbortController();
      const settled = run(pool, controller.signal);
      return { cancel: () => controller.abort(), settled };
    },
  });
  const contenders = [
    { name: 'bare worker_threads', note: 'shared-memory flag', measure: bareCooperative },
    { name: 'bare, terminate + respawn', measure: bareRespawn },
    { name: 'reactive-futures', note: 'cancel(), task checks cancelled()', measure: rf(false) },
    { name: 'reactive-futures, forced', note: 'cancel({ force: true })', measure: rf(true) },
    {
      name: 'piscina',
      note: 'AbortSignal: terminates the worker',
      measure: peer(
        'piscina',
        withSignal((pool, signal) => pool.pool.run(5000, { name: 'spinFor', signal })),
      ),
    },
    {
      name: 'tinypool',
      note: 'AbortSignal: terminates the worker',
      measure: peer(
        'tinypool',
        withSignal((pool, signal) => pool.pool.run(5000, { name: 'spinFor', signal })),
      ),
    },
    {
      name: 'workerpool',
      note: 'promise.cancel(): terminates the worker',
      measure: peer('workerpool', {
        start(pool) {
          const promise = pool.pool.exec('spinFor', [5000]);
          return { cancel: () => promise.cancel(), settled: promise };
        },
      }),
    },
    {
      name: 'poolifier',
      note: 'AbortSignal: a message the busy worker never reads',
      measure: peer(
        'poolifier',
        withSignal((pool, signal) => pool.pool.execute(5000, 'spinFor', signal)),
      ),
    },
    { name: 'threads', measure: async () => ({ error: 'no way to cancel a running task' }) },
    { name: 'comlink', measure: async () => ({ error: 'no way to cancel a running call' }) },
  ];
  const results = await interleave(contenders, repetitions);
  const markdown = table(results, {
    baseline: 'bare worker_threads',
    ratioOf: 'ms',
    columns: [{ key: 'ms', label: 'ms from cancel to next result (median)', digits: 3 }],
  });
  return {
    title: 'Cancel a CPU-bound task, until the worker has run the next task (one worker)',
    markdown,
    results,
  };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
