/**
 * `submitMap`: one task function over many inputs, across the pool, observed as one future —
 * with real worker threads and with the inline context.
 */
import { describe, expect, it } from 'vitest';
import {
  InlineContext,
  WorkerContext,
  combineProgress,
  submitMap,
  taskModule,
  type MapFuture,
  type MapItem,
} from 'reactive-futures';
import { useExecutors } from '../../../fixtures/executors.js';

const tasks = taskModule<typeof import('../../../fixtures/map-tasks.js')>(
  new URL('../../../fixtures/map-tasks.ts', import.meta.url),
);

const executorOn = useExecutors();

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** Resolves at the next `resultEvent` (or `inputFailed`) of `future`. */
function nextOutcome(future: MapFuture<unknown, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const stop = future.observe('progress', () => {
      stop();
      resolve();
    });
  });
}

describe('submitMap in worker threads', () => {
  it('maps every input, in chunks across workers, streaming outputs in input order', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 2 }));
    const future = submitMap(executor, tasks.square, range(100), { chunkSize: 7 });
    const items: MapItem<number, number>[] = [];
    const progress: number[] = [];
    future.observe('resultEvent', (event) => items.push(event.new));
    future.observe('progress', (event) => progress.push(event.new.completed));
    expect(future.state).toBe('waiting');
    expect(future.getSnapshot().progress).toEqual({ completed: 0, failed: 0, total: 100 });
    await future.settled();
    expect(future.state).toBe('completed');
    expect(future.result).toEqual(range(100).map((n) => n * n));
    expect(items.map((item) => item.index)).toEqual(range(100));
    expect(items[42]).toEqual({ index: 42, input: 42, value: 1764 });
    expect(progress).toEqual(range(100).map((n) => n + 1));
    expect(future.getSnapshot()).toMatchObject({
      state: 'completed',
      progress: { completed: 100, total: 100 },
    });
    await executor.shutdown({ timeout: 10_000 });
  });

  it('fails the whole map at the first input that throws, naming it, and cancels the rest', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 2 }));
    const future = submitMap(executor, tasks.squareUnlessMultipleOfFive, range(40), { chunkSize: 3 });
    await future.settled();
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('RangeError');
    expect(future.exception.message).toMatch(
      /^Input #(5|10|15|20|25|30|35) `\d+` \(number\) failed: no multiples of five/,
    );
    // Every chunk is done too: the executor stops without waiting for a straggler.
    await executor.shutdown({ timeout: 10_000 });
  });

  it('cancels every input with one cancel(), each task seeing its own currentTask()', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 2 }));
    const future = submitMap(executor, tasks.waitUntilCancelled, range(6));
    await new Promise<void>((resolve) => future.observe('state', () => resolve()));
    expect(future.state).toBe('executing');
    expect(future.cancel()).toBe(true);
    expect(future.cancel()).toBe(false);
    await future.settled();
    expect(future.state).toBe('cancelled');
    await executor.shutdown({ timeout: 10_000 });
  });

  it('escalates a cancel to a force that terminates tasks that never check', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 2 }));
    const future = submitMap(executor, tasks.spinForever, range(2));
    await new Promise<void>((resolve) => future.observe('state', () => resolve()));
    expect(future.cancel()).toBe(true);
    expect(future.forceCancellable).toBe(true);
    expect(future.cancel({ force: true })).toBe(true);
    expect(future.forceCancellable).toBe(false);
    await future.settled();
    expect(future.state).toBe('cancelled');
    await executor.shutdown({ timeout: 10_000 });
  });

  it('is cancelled with the executor when it stops', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 1 }));
    const future = submitMap(executor, tasks.waitUntilCancelled, range(3));
    const states: string[] = [];
    future.observe('state', (event) => states.push(event.new));
    await executor.shutdown({ timeout: 10_000 });
    expect(future.state).toBe('cancelled');
    expect(states.at(-1)).toBe('cancelled');
  });
});

describe('submitMap in the inline context', () => {
  it('streams in input order by default, and as they finish with ordered: false', async () => {
    for (const ordered of [true, false]) {
      const executor = executorOn(new InlineContext());
      const gates = range(3).map(() => deferred<number>());
      const future = submitMap(executor, (n: number) => gates[n]!.promise, range(3), { ordered });
      const seen: number[] = [];
      future.observe('resultEvent', (event) => seen.push(event.new.value));
      for (const index of [2, 0, 1]) {
        const outcome = nextOutcome(future);
        gates[index]!.resolve(index * 10);
        await outcome;
      }
      await future.settled();
      expect(seen).toEqual(ordered ? [0, 10, 20] : [20, 0, 10]);
      expect(future.result).toEqual([0, 10, 20]);
      await executor.shutdown();
    }
  });

  it('with failFast: false tries every input, reports each failure, and fails with an AggregateError', async () => {
    const executor = executorOn(new InlineContext());
    const future = submitMap(
      executor,
      (n: number) => {
        if (n % 3 === 1) throw new TypeError(`bad ${n}`);
        return n;
      },
      range(6),
      { failFast: false, chunkSize: 4 },
    );
    const outputs: number[] = [];
    const failures: number[] = [];
    future.observe('resultEvent', (event) => outputs.push(event.new.input));
    future.observe('inputFailed', (event) => failures.push(event.new.index));
    await future.settled();
    expect(outputs).toEqual([0, 2, 3, 5]);
    expect(failures).toEqual([1, 4]);
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('AggregateError');
    expect(future.exception.message).toBe(
      '2 of 6 inputs failed; the first: Input #1 `1` (number) failed: bad 1',
    );
    expect(future.progress).toEqual({ completed: 4, failed: 2, total: 6 });
    await executor.shutdown();
  });

  it('completes with [] for no inputs, and takes any iterable', async () => {
    const executor = executorOn(new InlineContext());
    const empty = submitMap(executor, (n: number) => n, []);
    expect(empty.state).toBe('waiting');
    expect((await empty.settled()).result).toEqual([]);
    const fromSet = submitMap(executor, (s: string) => s.length, new Set(['a', 'bb']));
    expect((await fromSet.settled()).result).toEqual([1, 2]);
    await executor.shutdown();
  });

  it('takes { executor, signal }: aborting cancels the whole map', async () => {
    const executor = executorOn(new InlineContext());
    const controller = new AbortController();
    const gate = deferred<number>();
    const future = submitMap({ executor, signal: controller.signal }, () => gate.promise, range(4));
    controller.abort();
    expect(future.state).toBe('cancelling');
    gate.resolve(1);
    await future.settled();
    expect(future.state).toBe('cancelled');
    await executor.shutdown();
  });

  it('reports an error thrown by its observer to the executor, and still completes', async () => {
    const executor = executorOn(new InlineContext());
    const errors: unknown[] = [];
    executor.observe('error', (event) => errors.push(event.new));
    const future = submitMap(executor, (n: number) => n, [1, 2]);
    future.observe('resultEvent', () => {
      throw new Error('observer bug');
    });
    await future.settled();
    expect(future.state).toBe('completed');
    expect(errors.map((error) => (error as Error).message)).toEqual(['observer bug', 'observer bug']);
    await executor.shutdown();
  });

  it('rejects bad input with a TypeError naming the fix', () => {
    const executor = executorOn(new InlineContext());
    expect(() => submitMap(executor, (n: number) => n, [1], { chunkSize: 0 })).toThrow(
      'Expected `chunkSize` to be a positive integer, got `0` (number)',
    );
    expect(() => submitMap(executor, (n: number) => n, 5 as unknown as number[])).toThrow(
      /Expected `inputs` to be an iterable/,
    );
    expect(() => submitMap(executor, 'square' as unknown as (n: number) => number, [1])).toThrow(
      /submitMap: Expected `callable` to be a function or a task reference/,
    );
    expect(() =>
      submitMap(executor, (n: number) => n, [1], { ordered: 'yes' as unknown as boolean }),
    ).toThrow('Expected `ordered` to be a boolean, got `"yes"` (string)');
  });
});

describe('combineProgress', () => {
  it('follows several futures to one fraction, as an external store', async () => {
    const executor = executorOn(new InlineContext());
    const gates = range(4).map(() => deferred<number>());
    const first = submitMap(executor, (n: number) => gates[n]!.promise, [0, 1]);
    const second = submitMap(executor, (n: number) => gates[n]!.promise, [2, 3]);
    const progress = combineProgress([first, second]);
    const fractions: number[] = [];
    progress.subscribe(() => fractions.push(progress.getSnapshot().fraction));
    expect(progress.getSnapshot()).toEqual({
      total: 2,
      done: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
      fraction: 0,
    });
    expect(progress.getSnapshot()).toBe(progress.getSnapshot());
    for (const index of [0, 1, 2]) {
      const outcome = nextOutcome(index < 2 ? first : second);
      gates[index]!.resolve(index);
      await outcome;
    }
    expect(progress.getSnapshot()).toMatchObject({ done: 1, completed: 1, fraction: 0.75 });
    second.cancel();
    gates[3]!.resolve(3); // the inline context cannot interrupt a pending call: let it end
    await Promise.all([first.settled(), second.settled()]);
    expect(progress.getSnapshot()).toEqual({
      total: 2,
      done: 2,
      completed: 1,
      failed: 0,
      cancelled: 1,
      fraction: 1,
    });
    expect(fractions.at(-1)).toBe(1);
    progress.dispose();
    await executor.shutdown();
  });
});
