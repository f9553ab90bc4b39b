/**
 * Backpressure of iterations in worker threads: a generator that produces faster than the main
 * thread delivers is paused at `maxUndeliveredItems`, still sees cancellation while paused, and
 * delivers every item once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Executor, WorkerContext, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./perf-tasks.js')>(new URL('./perf-tasks.ts', import.meta.url));
const BOUND = 1000;

/** Blocks the main thread (no delivery can happen) for `ms`. */
function blockMainThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Waits (with the event loop running) until `condition` holds. */
async function until(condition: () => boolean, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each([
  ['a synchronous generator', 'countShared'],
  ['an async generator', 'countSharedAsync'],
] as const)('backpressure with %s', (_, name) => {
  let context: WorkerContext;
  let executor: Executor;
  afterEach(async () => {
    await executor.shutdown();
    await context.close();
  });

  function start(count: number): {
    progress: Int32Array;
    items: number[];
    future: ReturnType<typeof submitIteration>;
  } {
    context = new WorkerContext({ maxWorkers: 1, maxUndeliveredItems: BOUND });
    executor = new Executor({ context });
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const future =
      name === 'countShared'
        ? submitIteration(executor, tasks.countShared, count, progress)
        : submitIteration(executor, tasks.countSharedAsync, count, progress);
    const items: number[] = [];
    future.observe('resultEvent', (event) => items.push(event.new));
    return { progress, items, future };
  }

  it('pauses the generator at the bound while the main thread delivers nothing, then delivers all in order', async () => {
    const count = 20 * BOUND;
    const { progress, items, future } = start(count);
    await until(() => Atomics.load(progress, 0) > 0);
    const delivered = items.length;
    blockMainThread(300);
    // Nothing was delivered meanwhile: the generator ran at most the bound ahead (plus the
    // item it is producing).
    expect(Atomics.load(progress, 0)).toBeLessThanOrEqual(delivered + BOUND + 1);
    await future.settled();
    expect(future.state).toBe('completed');
    expect(future.result).toBe('done');
    expect(items).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('sees cancellation while paused: the generator is closed and the future cancelled', async () => {
    const { progress, items, future } = start(1_000_000);
    await until(() => Atomics.load(progress, 0) > 0);
    const delivered = items.length;
    blockMainThread(200);
    expect(Atomics.load(progress, 0)).toBeLessThanOrEqual(delivered + BOUND + 1);
    future.cancel();
    await future.settled();
    expect(future.state).toBe('cancelled');
    await until(() => Atomics.load(progress, 1) === 1);
    expect(Atomics.load(progress, 0)).toBeLessThan(1_000_000);
  });
});
