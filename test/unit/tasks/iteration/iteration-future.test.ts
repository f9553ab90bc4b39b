import { describe, expect, it, vi } from 'vitest';
import { TaskFailedError } from '../../../../src/core/errors.js';
import { RECEIVE } from '../../../../src/core/internal.js';
import type { TaskMessage } from '../../../../src/core/messages.js';
import { IterationFuture } from '../../../../src/tasks/iteration/iteration-future.js';
import { GENERATED } from '../../../../src/tasks/iteration/iteration-task.js';

const STARTED: TaskMessage = { type: 'started' };
const item = (arg: unknown): TaskMessage => ({ type: 'sent', messageType: GENERATED, arg });
const returned = (value: unknown): TaskMessage => ({ type: 'returned', value });
const EXCEPTION = { type: 'RangeError', message: 'generator failed', stack: 'RangeError: generator failed' };
const RAISED: TaskMessage = { type: 'raised', exception: EXCEPTION };

function makeFuture(): IterationFuture<number, string> {
  return new IterationFuture<number, string>(() => undefined);
}

/** Reads `iterator` to its end, bounded, collecting the items. */
async function readAll(iterator: AsyncIterator<number>): Promise<number[]> {
  const items: number[] = [];
  for (let count = 0; count < 1000; count++) {
    const step = await iterator.next();
    if (step.done === true) return items;
    items.push(step.value);
  }
  return expect.fail('the iterator did not end');
}

describe('IterationFuture: events and snapshot', () => {
  it('fires resultEvent once per item, in order, and keeps the latest item in the snapshot', () => {
    const future = makeFuture();
    const seen: unknown[] = [];
    future.observe('resultEvent', (event) => seen.push(event.new));
    expect(future.getSnapshot()).toMatchObject({ latestItem: undefined, itemCount: 0 });
    future[RECEIVE]([STARTED, item(1), item(2)]);
    future[RECEIVE]([item(3), returned('end')]);
    expect(seen).toEqual([1, 2, 3]);
    expect(future.getSnapshot()).toEqual({
      state: 'completed',
      cancellable: false,
      forceCancellable: false,
      done: true,
      result: 'end',
      latestItem: 3,
      itemCount: 3,
    });
  });

  it('passes other message types to observers of that name', () => {
    const future = new IterationFuture<number, void, { custom: string }>(() => undefined);
    const custom = vi.fn();
    future.observe('custom', custom);
    future[RECEIVE]([STARTED, { type: 'sent', messageType: 'custom', arg: 'x' }]);
    expect(custom).toHaveBeenCalledWith(expect.objectContaining({ new: 'x' }));
    expect(future.getSnapshot()).toMatchObject({ itemCount: 0 });
  });
});

describe('IterationFuture.values()', () => {
  it('yields the items that arrive from now on, and ends when completed', async () => {
    const future = makeFuture();
    future[RECEIVE]([STARTED, item(0)]);
    const values = future.values();
    const reading = readAll(values);
    future[RECEIVE]([item(1), item(2)]);
    future[RECEIVE]([item(3), returned('end')]);
    await expect(reading).resolves.toEqual([1, 2, 3]);
  });

  it('buffers items that arrive while nobody reads', async () => {
    const future = makeFuture();
    const values = future.values();
    future[RECEIVE]([STARTED, item(1), item(2), item(3), returned('end')]);
    await expect(readAll(values)).resolves.toEqual([1, 2, 3]);
  });

  it('ends normally when the future is cancelled, without the dropped items', async () => {
    const future = makeFuture();
    const values = future.values();
    future[RECEIVE]([STARTED, item(1)]);
    future.cancel();
    future[RECEIVE]([item(2), returned('end')]);
    await expect(readAll(values)).resolves.toEqual([1]);
    expect(future.state).toBe('cancelled');
  });

  it('throws a TaskFailedError carrying the exception when the future fails, after the items', async () => {
    const future = makeFuture();
    const values = future.values();
    future[RECEIVE]([STARTED, item(1)]);
    const first = await values.next();
    expect(first).toEqual({ done: false, value: 1 });
    const pending = values.next();
    future[RECEIVE]([RAISED]);
    const error = await pending.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).exception).toEqual(EXCEPTION);
    expect((error as Error).message).toBe('The task failed with RangeError: generator failed');
  });

  it('throws the TaskFailedError after the buffered items', async () => {
    const future = makeFuture();
    const values = future.values();
    future[RECEIVE]([STARTED, item(1), item(2), RAISED]);
    await expect(values.next()).resolves.toEqual({ done: false, value: 1 });
    await expect(values.next()).resolves.toEqual({ done: false, value: 2 });
    await expect(values.next()).rejects.toBeInstanceOf(TaskFailedError);
  });

  it('ends at once on a future that is already done, or throws if it failed', async () => {
    const completed = makeFuture();
    completed[RECEIVE]([STARTED, item(1), returned('end')]);
    await expect(completed.values().next()).resolves.toEqual({ done: true, value: undefined });
    const failed = makeFuture();
    failed[RECEIVE]([STARTED, RAISED]);
    await expect(failed.values().next()).rejects.toBeInstanceOf(TaskFailedError);
  });

  it('works in for await, and breaking out calls return(), which stops listening', async () => {
    const future = makeFuture();
    const values = future.values();
    future[RECEIVE]([STARTED, item(1), item(2)]);
    const read: number[] = [];
    for await (const value of values) {
      read.push(value);
      if (value === 2) break;
    }
    expect(read).toEqual([1, 2]);
    future[RECEIVE]([item(3), returned('end')]);
    await expect(values.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('return() drops buffered items and ends the iterator', async () => {
    const future = makeFuture();
    const values = future.values();
    future[RECEIVE]([STARTED, item(1), item(2)]);
    await expect(values.return!()).resolves.toEqual({ done: true, value: undefined });
    await expect(values.next()).resolves.toEqual({ done: true, value: undefined });
    future[RECEIVE]([item(3)]);
    await expect(values.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('gives independent iterators', async () => {
    const future = makeFuture();
    const early = future.values();
    future[RECEIVE]([STARTED, item(1)]);
    const late = future.values();
    future[RECEIVE]([item(2), returned('end')]);
    await expect(readAll(early)).resolves.toEqual([1, 2]);
    await expect(readAll(late)).resolves.toEqual([2]);
  });

  it('is its own async iterator', () => {
    const values = makeFuture().values();
    expect(values[Symbol.asyncIterator]()).toBe(values);
  });
});
