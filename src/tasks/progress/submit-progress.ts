/**
 * Submitting a progress call.
 */
import type { Task } from '../../core/task-reference.js';
import { submitTo, type SubmitTarget } from '../submit-options.js';
import { BackgroundProgress } from './background-progress.js';
import type { ProgressFuture } from './progress-future.js';
import type { ArgumentsBeforeProgress, ProgressFunction, ProgressOf } from './progress-types.js';

/**
 * Calls `fn(...args, progress)` in the background. Each `progress(info)` reaches the future
 * as a `progress` event; once cancellation was requested, the next `progress()` call throws
 * `TaskCancelled` inside the task, which ends it.
 *
 * @param executor - the executor, or `{ executor, timeout, signal }` to give per-task options
 * ({@link SubmitOptions}).
 * @example
 * ```ts
 * const future = submitProgress(executor, tasks.countPrimes, 1_000_000); // ProgressFuture<number, PrimeProgress>
 * future.observe('progress', (event) => bar.update(event.new));
 * ```
 * @throws {ExecutorStoppedError} when the executor is not running.
 * @throws {TypeError} when an option is invalid.
 */
export function submitProgress<TFunction extends ProgressFunction>(
  executor: SubmitTarget,
  fn: Task<TFunction>,
  ...args: ArgumentsBeforeProgress<TFunction>
): ProgressFuture<Awaited<ReturnType<TFunction>>, ProgressOf<TFunction>> {
  return submitTo(executor, new BackgroundProgress<TFunction>({ callable: fn, args }));
}
