/**
 * Submitting an iteration.
 */
import type { Task } from '../../core/task-reference.js';
import { submitTo, type SubmitTarget } from '../submit-options.js';
import { BackgroundIteration } from './background-iteration.js';
import type { IterationFuture } from './iteration-future.js';
import type { ItemOf, IterableFunction, IterationResultOf } from './iteration-types.js';

/**
 * Iterates over `fn(...args)` in the background: each item reaches the future as a
 * `resultEvent`, in order, as it is produced; a generator's return value becomes `result`.
 * Cancellation is checked before each item and closes the generator.
 *
 * @param executor - the executor, or `{ executor, timeout, signal }` to give per-task options
 * ({@link SubmitOptions}).
 * @example
 * ```ts
 * const future = submitIteration(executor, tasks.approximatePi, 1e6); // IterationFuture<number, number>
 * future.observe('resultEvent', (event) => console.log('π ≈', event.new));
 * ```
 * @throws {ExecutorStoppedError} when the executor is not running.
 * @throws {TypeError} when an option is invalid.
 */
export function submitIteration<TFunction extends IterableFunction>(
  executor: SubmitTarget,
  fn: Task<TFunction>,
  ...args: Parameters<TFunction>
): IterationFuture<ItemOf<TFunction>, IterationResultOf<TFunction>> {
  return submitTo(executor, new BackgroundIteration<TFunction>({ callable: fn, args }));
}
