/**
 * The extension point: a task specification pairs a future (main thread) with the runner
 * that does the work (background).
 */
import type { BaseFuture, CancelCallback } from './base-future.js';
import type { Task } from './task-reference.js';

/**
 * What a runner gets to talk to its future. Lives in the background.
 */
export interface TaskContext {
  /**
   * Sends a custom message to the future: it reaches `future.dispatch(type, arg)` on the
   * main thread, in order, unless the future was cancelled meanwhile.
   */
  send(type: string, arg?: unknown): void;
  /**
   * Whether cancellation was requested. Synchronous and cheap: it reads shared memory, so a
   * task in a tight loop sees a request without yielding to any event loop.
   */
  cancelled(): boolean;
  /** Aborted when cancellation is requested; pass it to `fetch` and other abortable APIs. */
  readonly signal: AbortSignal;
}

/**
 * The background function of a task kind. Its return value (awaited) becomes the future's
 * `result`; a throw makes the future `failed`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- runners declare their own argument types
export type Runner = (task: TaskContext, ...args: any[]) => unknown;

/** What a specification asks to run: a runner and its arguments. */
export interface TaskInvocation {
  /**
   * The runner: a task reference or an inline function.
   */
  readonly runner: Task<Runner>;
  /**
   * The runner's arguments, after the task context. Each crosses to the worker by structured
   * clone, except functions and task references, which are sent as tasks and arrive as
   * functions.
   */
  readonly args: readonly unknown[];
}

/**
 * A kind of task: how to make its future, and what to run in the background.
 *
 * @example
 * ```ts
 * class BackgroundFizzBuzz implements TaskSpecification<FizzBuzzFuture> {
 *   future(cancel: CancelCallback) { return new FizzBuzzFuture(cancel); }
 *   task() { return { runner: fizzBuzzTasks.fizzBuzz, args: [] }; }
 * }
 * ```
 */
export interface TaskSpecification<TFuture extends BaseFuture> {
  /** Makes the future, on the main thread. `cancel` requests cancellation of the task. */
  future(cancel: CancelCallback): TFuture;
  /** What runs in the background. Called once per submission. */
  task(): TaskInvocation;
}
