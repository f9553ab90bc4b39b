/**
 * The background side of a progress call: the function gets a `progress` callback, which is
 * also its cancellation point.
 */
import { TaskCancelled } from '../../core/errors.js';
import type { TaskContext } from '../../core/task-specification.js';
import type { AnyFunction } from '../../core/task-reference.js';

/** The message type of each progress report. */
export const PROGRESS = 'progress';

/**
 * Calls `fn(...args, progress)`. Each `progress(info)` sends `info` to the future; once
 * cancellation was requested it throws {@link TaskCancelled} instead. A `TaskCancelled`
 * that escapes `fn` after a cancel request ends the task quietly (the future is then
 * `cancelled`); one thrown without a request fails the future like any error.
 */
export async function runProgress(task: TaskContext, fn: AnyFunction, ...args: unknown[]): Promise<unknown> {
  const progress = (info: unknown): void => {
    if (task.cancelled()) throw new TaskCancelled('The task was cancelled (seen at a progress() call)');
    task.send(PROGRESS, info);
  };
  try {
    return await fn(...args, progress);
  } catch (error) {
    if (task.cancelled() && isTaskCancelled(error)) return undefined;
    throw error;
  }
}

function isTaskCancelled(error: unknown): boolean {
  return error instanceof TaskCancelled || (error instanceof Error && error.name === 'TaskCancelled');
}
