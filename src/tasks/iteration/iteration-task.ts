/**
 * The background side of an iteration: drive the iterator, send each item, stop at a cancel.
 */
import { isThenable } from '../../core/is-thenable.js';
import type { TaskContext } from '../../core/task-specification.js';
import type { AnyFunction } from '../../core/task-reference.js';
import { expectedMessage } from '../../core/validation.js';
import { itemFlowOf } from './item-flow.js';

/** The message type of each item an iteration sends. */
export const GENERATED = 'generated';

/**
 * Iterates over `fn(...args)`, sending each item as a `generated` message. Cancellation is
 * checked before every item, the first included; a cancelled iterator is closed with
 * `return()` so its `finally` blocks run before the task ends. A generator's return value
 * becomes the future's result. Where the context bounds undelivered items (backpressure), the
 * iterator is not advanced while that many wait for the main thread.
 */
export async function runIteration(task: TaskContext, fn: AnyFunction, ...args: unknown[]): Promise<unknown> {
  let iterable: unknown = fn(...args);
  if (isThenable(iterable)) iterable = await iterable;
  const asyncIterator = getMethod(iterable, Symbol.asyncIterator);
  if (asyncIterator !== undefined) {
    return drainAsync(task, asyncIterator.call(iterable) as AsyncIterator<unknown>);
  }
  const syncIterator = getMethod(iterable, Symbol.iterator);
  if (syncIterator !== undefined) return drainSync(task, syncIterator.call(iterable) as Iterator<unknown>);
  throw new TypeError(
    `${expectedMessage('the iteration function’s return value', 'an Iterable or AsyncIterable (a generator, an array…)', iterable)}. ` +
      'Use submitCall for a function that returns a single value.',
  );
}

function drainSync(task: TaskContext, iterator: Iterator<unknown>): unknown {
  const flow = itemFlowOf(task);
  // Whether the iterator ended by itself (returned or threw): only an iterator left open, by a
  // cancel or by a failing send, is closed with return().
  let ended = false;
  try {
    for (;;) {
      if (task.cancelled()) return undefined;
      // Paused (blocking this worker thread, at no CPU cost) while too many items are undelivered.
      if (flow !== undefined && flow.reserve(true) === true && task.cancelled()) return undefined;
      ended = true;
      const step = iterator.next();
      ended = step.done === true;
      if (ended) return step.value;
      task.send(GENERATED, step.value);
    }
  } finally {
    if (!ended) iterator.return?.();
  }
}

async function drainAsync(task: TaskContext, iterator: AsyncIterator<unknown>): Promise<unknown> {
  const flow = itemFlowOf(task);
  let ended = false; // as in drainSync
  try {
    for (;;) {
      if (task.cancelled()) return undefined;
      const pause = flow?.reserve(false);
      if (pause instanceof Promise) {
        // Paused without blocking the event loop: cancel requests still arrive meanwhile.
        await pause;
        if (task.cancelled()) return undefined;
      }
      ended = true;
      const step = await iterator.next();
      ended = step.done === true;
      if (ended) return step.value;
      task.send(GENERATED, step.value);
    }
  } finally {
    if (!ended) await iterator.return?.();
  }
}

function getMethod(value: unknown, key: symbol): AnyFunction | undefined {
  if (value === null || value === undefined) return undefined;
  const method: unknown = (value as Record<symbol, unknown>)[key];
  return typeof method === 'function' ? (method as AnyFunction) : undefined;
}
