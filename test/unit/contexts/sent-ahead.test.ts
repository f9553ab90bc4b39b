/**
 * Tasks sent ahead to a busy worker, before it has started them: a forced cancel ends one
 * without terminating anything (the task running on that worker is unaffected), and a worker
 * that goes idle takes one over instead of leaving it behind a long task.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCall, Executor, WorkerContext, type BaseFuture } from 'reactive-futures';
import { within } from '../../fixtures/within.js';

const contexts: WorkerContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false } | { async: true; value: Promise<string> };

/**
 * Holds its worker (which runs one task at a time) until the test {@link release}s `gate`. It
 * waits asynchronously, so that its `started` message reaches the main thread meanwhile.
 */
async function blockUntilReleased(gate: SharedArrayBuffer): Promise<string> {
  // Atomics.waitAsync is ES2024, beyond the project's lib; Node 20 has it.
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  const waited = waitAsync(new Int32Array(gate), 0, 0);
  if (waited.async) await waited.value;
  return 'released';
}

/** Blocks its worker's thread (no event loop, no microtask) until the test releases `gate`. */
function blockThreadUntilReleased(gate: SharedArrayBuffer): string {
  Atomics.wait(new Int32Array(gate), 0, 0);
  return 'released';
}

/** Lets the task waiting on `gate` return. */
function release(gate: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(gate), 0, 1);
  Atomics.notify(new Int32Array(gate), 0);
}

/** Resolves once `future` is seen executing. */
function executing(future: BaseFuture): Promise<void> {
  return new Promise<void>((resolve) => {
    if (future.state === 'executing') resolve();
    future.observe('state', (event) => {
      if (event.new === 'executing') resolve();
    });
  });
}

describe('WorkerContext: force-cancelling a task sent ahead', () => {
  it('cancels it without terminating the worker or failing the running task', async () => {
    const context = new WorkerContext({ maxWorkers: 1 });
    contexts.push(context);
    const executor = new Executor({ context });
    // Short tasks make the pool send tasks ahead to the (only) worker.
    const short = Array.from({ length: 200 }, (_, n) =>
      executor.submit(new BackgroundCall({ callable: (x: number) => x, args: [n] })),
    );
    await Promise.all(short.map((future) => future.settled()));
    const gate = new SharedArrayBuffer(4);
    const running = executor.submit(new BackgroundCall({ callable: blockUntilReleased, args: [gate] }));
    const waiting = executor.submit(new BackgroundCall({ callable: (x: number) => x, args: [1] }));
    await executing(running);
    expect(waiting.state).toBe('waiting');
    waiting.cancel({ force: true });
    await waiting.settled();
    expect(waiting.state).toBe('cancelled');
    expect(running.state).toBe('executing');
    release(gate);
    await running.settled();
    expect(running.state).toBe('completed');
    if (running.state === 'completed') expect(running.result).toBe('released');
    expect(context.workerCount).toBe(1);
    await executor.shutdown();
  });
});

describe('WorkerContext: a task sent ahead behind a long one', () => {
  it('runs on the worker that goes idle first, not after the long task', async () => {
    const context = new WorkerContext({ maxWorkers: 2 });
    contexts.push(context);
    const executor = new Executor({ context });
    const [longGate, shortGate] = [new SharedArrayBuffer(4), new SharedArrayBuffer(4)];
    const long = executor.submit(new BackgroundCall({ callable: blockUntilReleased, args: [longGate] }));
    const short = executor.submit(new BackgroundCall({ callable: blockUntilReleased, args: [shortGate] }));
    await Promise.all([executing(long), executing(short)]);
    // Both workers are busy: the pool sends this one ahead to the first, behind the long task.
    const behind = executor.submit(new BackgroundCall({ callable: (x: number) => x * 2, args: [21] }));
    release(shortGate);
    await within(behind.settled(), 'The task sent ahead behind a long one, with the other worker idle,');
    expect(behind.state === 'completed' ? behind.result : behind.state).toBe(42);
    expect(long.state).toBe('executing');
    release(longGate);
    await within(long.settled(), 'The long task');
    expect(context.workerCount).toBe(2);
    await executor.shutdown();
  });
});

describe('WorkerContext: a long task sent ahead', () => {
  it('is seen executing while it blocks, though it started right after the task before it', async () => {
    const context = new WorkerContext({ maxWorkers: 1 });
    contexts.push(context);
    const executor = new Executor({ context });
    const [firstGate, secondGate] = [new SharedArrayBuffer(4), new SharedArrayBuffer(4)];
    const first = executor.submit(new BackgroundCall({ callable: blockUntilReleased, args: [firstGate] }));
    await executing(first);
    // The only worker is busy: this one is sent ahead, and starts the moment the first ends.
    const second = executor.submit(
      new BackgroundCall({ callable: blockThreadUntilReleased, args: [secondGate] }),
    );
    release(firstGate);
    await within(executing(second), 'The `started` of a task that blocks right after the task before it');
    release(secondGate);
    await within(second.settled(), 'The second task');
    expect(second.state === 'completed' ? second.result : second.state).toBe('released');
    await executor.shutdown();
  });
});
