/**
 * The background side of a call: run the function once and return its result.
 */
import type { TaskContext } from '../../core/task-specification.js';
import type { AnyFunction } from '../../core/task-reference.js';

/**
 * Calls `fn(...args)`; its (awaited) return value becomes the future's result. A call is
 * not interrupted by cancellation: its result is then discarded. Long calls may check
 * `cancelled()` through the worker API themselves.
 */
export function runCall(_task: TaskContext, fn: AnyFunction, ...args: unknown[]): unknown {
  return fn(...args);
}
