/**
 * The contract between an executor and the place its tasks run.
 *
 * Message path: `executor.submit` asks the context to `run` a task's invocation; the
 * context starts the runner somewhere (a worker thread, a child process, the main thread),
 * collects the runner's messages, and hands them back to the `receive` callback on the main
 * thread, in order, in a later task of the event loop. The executor passes them on to the
 * future. Whatever happens to the worker, the context ends every task's messages with a
 * final one (`abandoned`, `returned` or `raised`), making up what a dead worker could not send.
 */
import type { CancelOptions } from './base-future.js';
import type { TaskMessage } from './messages.js';
import type { TaskInvocation } from './task-specification.js';

/** Receives one task's messages, in order, on the main thread. */
export type MessageReceiver = (messages: readonly TaskMessage[]) => void;

/** The executor's handle on a running task. */
export interface TaskControl {
  /**
   * Requests cancellation: sets the task's shared flag and aborts its signal. With
   * `force`, terminates whatever runs the task and ends its messages at once.
   */
  cancel(options?: CancelOptions): void;
}

/** Per-task options of {@link ParallelContext.run}, given to `executor.submit(spec, options)`. */
export interface RunOptions {
  /**
   * The task's time limit in ms, counted from its start (time spent queued does not count).
   * When it runs out, cancellation is requested and the future ends `failed` with a
   * `TaskTimeoutError`; a task that has not ended shortly after has its worker terminated
   * (the inline context cannot stop running code: it ignores whatever the task does after).
   * `Infinity` means no limit, overriding a context's `taskTimeout`.
   * @default the context's `taskTimeout` (no limit)
   */
  readonly timeout?: number | undefined;
}

/** Where tasks run. Implemented by `WorkerContext`, `ProcessContext`, `InlineContext`. */
export interface ParallelContext {
  /** Whether {@link ParallelContext.close} was called. */
  readonly closed: boolean;
  /**
   * Starts `invocation` (or queues it until a worker is free). Never calls `receive`
   * synchronously.
   *
   * @throws {Error} when the context is closed.
   */
  run(invocation: TaskInvocation, receive: MessageReceiver, options?: RunOptions): TaskControl;
  /**
   * Stops every worker and releases every handle. Tasks still running end as `raised`.
   * Idempotent.
   */
  close(): Promise<void>;
}
