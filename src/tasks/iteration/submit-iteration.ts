/**
 * Submitting an iteration.
 */
import type { Executor } from '../../core/executor.js';
import type { Task } from '../../core/task-reference.js';
import { BackgroundIteration } from './background-iteration.js';
import type { IterationFuture } from './iteration-future.js';
import type { ItemOf, IterableFunction, IterationResultOf } from './iteration-types.js';

/**
 * Iterates over `fn(...args)` in the background: each item reaches the future as a
 * `resultEvent`, in order, as it is produced; a generator's return value becomes `result`.
 * Cancellation is checked before each item and closes the generator.
 *
 * @example
 * ```ts
 * const future = submitIteration(executor, tasks.approximatePi, 1e6); // IterationFuture<number, number>
 * future.observe('resultEvent', (event) => console.log('π ≈', event.new));
 * ```
 * @throws {ExecutorStoppedError} when the executor is not running.
 */
export function submitIteration<TFunction extends IterableFunction>(
  executor: Executor,
  fn: Task<TFunction>,
  ...args: Parameters<TFunction>
): IterationFuture<ItemOf<TFunction>, IterationResultOf<TFunction>> {
  return executor.submit(new BackgroundIteration<TFunction>({ callable: fn, args }));
}
