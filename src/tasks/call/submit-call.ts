/**
 * Submitting a call.
 */
import type { Executor } from '../../core/executor.js';
import type { AnyFunction, Task } from '../../core/task-reference.js';
import { BackgroundCall } from './background-call.js';
import type { CallFuture } from './call-future.js';

/**
 * Runs `fn(...args)` in the background. `fn` may return a value or a promise; the future's
 * `result` is the (awaited) value. Argument types are checked against `fn`.
 *
 * @example
 * ```ts
 * const future = submitCall(executor, tasks.square, 12); // CallFuture<number>
 * future.observe('done', () => console.log(future.result));
 * ```
 * @throws {ExecutorStoppedError} when the executor is not running.
 */
export function submitCall<TFunction extends AnyFunction>(
  executor: Executor,
  fn: Task<TFunction>,
  ...args: Parameters<TFunction>
): CallFuture<Awaited<ReturnType<TFunction>>> {
  return executor.submit(new BackgroundCall<TFunction>({ callable: fn, args }));
}
