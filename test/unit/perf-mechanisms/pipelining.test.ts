/**
 * Several tasks in flight per worker: short tasks are sent ahead, and a forced cancel of one
 * task requeues (does not fail) the tasks its worker held that had not started.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Executor, WorkerContext, submitCall, taskModule } from 'reactive-futures';
import { waitFor } from 'reactive-futures/testing';

const tasks = taskModule<typeof import('./perf-tasks.js')>(new URL('./perf-tasks.ts', import.meta.url));

describe('pipelining tasks to a worker', () => {
  let context: WorkerContext;
  let executor: Executor;
  afterEach(async () => {
    await executor.shutdown();
    await context.close();
  });

  it('runs thousands of short tasks, each completing with its own result', async () => {
    context = new WorkerContext({ maxWorkers: 2 });
    executor = new Executor({ context });
    const futures = Array.from({ length: 5000 }, (_, i) => submitCall(executor, tasks.identity, i));
    await Promise.all(futures.map((future) => future.settled()));
    expect(futures.every((future, i) => future.state === 'completed' && future.result === i)).toBe(true);
  });

  it('a forced cancel fails only the cancelled task; tasks queued behind it in the worker run again', async () => {
    context = new WorkerContext({ maxWorkers: 1, tasksPerWorker: 8 });
    executor = new Executor({ context });
    // Short tasks first, so the pool learns to send tasks ahead to this worker.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => submitCall(executor, tasks.identity, i).settled()),
    );
    const spinner = submitCall(executor, tasks.spinForever);
    const behind = Array.from({ length: 5 }, (_, i) => submitCall(executor, tasks.identity, 100 + i));
    await new Promise((resolve) => setTimeout(resolve, 100));
    spinner.cancel({ force: true });
    await Promise.all([spinner.settled(), ...behind.map((future) => future.settled())]);
    expect(spinner.state).toBe('cancelled');
    expect(behind.map((future) => future.state)).toEqual(Array(5).fill('completed'));
    expect(behind.map((future) => future.result)).toEqual([100, 101, 102, 103, 104]);
  });

  it('the result of a short task reaches the main thread while a task of another function, sent ahead behind it, blocks', async () => {
    context = new WorkerContext({ maxWorkers: 1 });
    executor = new Executor({ context });
    // Short tasks first, so the pool sends tasks ahead to this worker; the worker's outbox
    // holds a short task's end only while a task of the same function is next. The blocking
    // function runs (without blocking) too, so the worker has it at hand and starts it at once.
    // The short task ends after a microtask: by then the worker has the blocker queued behind it
    // (both come in one batch), which is when the rule decides.
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? submitCall(executor, tasks.identityAfterAwait, i).settled()
            : submitCall(executor, tasks.identityOrBlock, i).settled(),
        ),
      );
    }
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const short = submitCall(executor, tasks.identityAfterAwait, 1);
    const blocker = submitCall(executor, tasks.identityOrBlock, 2, gate);
    try {
      await waitFor(short, 'done', () => short.done, { timeout: 10_000 });
      expect(short.result).toBe(1);
      expect(blocker.done).toBe(false);
    } finally {
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
    }
    await blocker.settled();
    expect(blocker.result).toBe(2);
  });

  it('a cooperative cancel leaves the worker ready for the next task', async () => {
    context = new WorkerContext({ maxWorkers: 1 });
    executor = new Executor({ context });
    const spinner = submitCall(executor, tasks.spinUntilCancelled);
    await new Promise<void>((resolve) =>
      spinner.observe('state', (event) => event.new === 'executing' && resolve()),
    );
    spinner.cancel();
    const next = submitCall(executor, tasks.identity, 7);
    await Promise.all([spinner.settled(), next.settled()]);
    expect(spinner.state).toBe('cancelled');
    expect(next.result).toBe(7);
    expect(context.workerCount).toBe(1);
  });
});
