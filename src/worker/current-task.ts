/**
 * The task whose code is running, for task functions that want to check for cancellation
 * without a task context parameter (calls, iterations, progress calls).
 */
import type { TaskContext } from '../core/task-specification.js';

let current: TaskContext | undefined;

/**
 * The context of the task whose code is running: `cancelled()`, `signal`, `send()`.
 * Call it at the start of a task function, before any `await`, and keep the result: after
 * an `await`, other tasks may run (always so in the inline context).
 *
 * @example
 * ```ts
 * import { currentTask } from 'reactive-futures/worker';
 * export function sumTo(n: number): number {
 *   const task = currentTask();
 *   let total = 0;
 *   for (let i = 1; i <= n; i++) {
 *     if (i % 1_000_000 === 0 && task.cancelled()) return total;
 *     total += i;
 *   }
 *   return total;
 * }
 * ```
 * @throws {Error} when no task is running (outside a task function, or after an `await`).
 */
export function currentTask(): TaskContext {
  if (current === undefined) {
    throw new Error(
      'currentTask() was called outside a running task. Call it at the start of the task function, before any await, and keep the result.',
    );
  }
  return current;
}

/** Runs `body` with `context` as the current task. */
export function runAsCurrent<T>(context: TaskContext, body: () => T): T {
  const previous = current;
  current = context;
  try {
    return body();
  } finally {
    current = previous;
  }
}
