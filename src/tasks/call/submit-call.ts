/**
 * Submitting a call.
 */
import type { AnyFunction, Task } from '../../core/task-reference.js';
import { submitTo, type SubmitTarget } from '../submit-options.js';
import { BackgroundCall } from './background-call.js';
import type { CallFuture } from './call-future.js';
import type { NotAGeneratorFunction } from './call-types.js';

/**
 * Runs `fn(...args)` in the background. `fn` may return a value or a promise; the future's
 * `result` is the (awaited) value. Argument types are checked against `fn`; a generator
 * function does not compile (use {@link submitIteration}).
 *
 * @param executor - the executor, or `{ executor, timeout, signal }` to give per-task options
 * ({@link SubmitOptions}).
 * @example
 * ```ts
 * const future = submitCall(executor, tasks.square, 12); // CallFuture<number>
 * future.observe('done', () => console.log(future.result));
 * const limited = submitCall({ executor, timeout: 5_000 }, tasks.square, 12);
 * ```
 * @throws {ExecutorStoppedError} when the executor is not running.
 * @throws {TypeError} when an option is invalid.
 */
export function submitCall<TFunction extends AnyFunction>(
  executor: SubmitTarget,
  fn: Task<TFunction> & NotAGeneratorFunction<TFunction>,
  ...args: Parameters<TFunction>
): CallFuture<Awaited<ReturnType<TFunction>>> {
  return submitTo(executor, new BackgroundCall<TFunction>({ callable: fn, args }));
}
