/**
 * Per-task options of the submit helpers (`submitCall`, `submitIteration`, `submitProgress`,
 * `submitMap`), given in place of the executor: `submitCall({ executor, timeout, signal }, fn, ...args)`.
 *
 * They go in the first parameter, not after the task's arguments, so that they can never be
 * mistaken for an argument (the helpers take the task's arguments as a rest parameter, and a
 * task may well take an object last).
 */
import type { BaseFuture } from '../core/base-future.js';
import type { Executor } from '../core/executor.js';
import type { RunOptions } from '../core/parallel-context.js';
import type { TaskSpecification } from '../core/task-specification.js';
import { expectedMessage } from '../core/validation.js';

/**
 * Where and how to run one task: the executor, plus per-task options.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const future = submitCall({ executor, timeout: 5_000, signal: controller.signal }, tasks.square, 12);
 * controller.abort(); // same as future.cancel()
 * ```
 */
export interface SubmitOptions extends RunOptions {
  /** The executor that runs the task. */
  readonly executor: Executor;
  /**
   * Cancels the future when aborted: `signal.abort()` has the effect of `future.cancel()`
   * (cooperative, never forced). A signal that is already aborted gives a future that is
   * `cancelling` at once and ends `cancelled` without its task running (on a browser page without
   * cross-origin isolation the task may start, and its result is then discarded). The future
   * stops listening to the signal when it is done.
   * @default no signal
   */
  readonly signal?: AbortSignal | undefined;
}

/** The first parameter of the submit helpers: an executor, or an executor with per-task options. */
export type SubmitTarget = Executor | SubmitOptions;

/**
 * Submits `specification` to the executor of `target` with its options, and ties the future to
 * the options' signal.
 *
 * @throws {TypeError} when `target` is neither an executor nor valid options.
 * @throws {ExecutorStoppedError} when the executor is not running.
 */
export function submitTo<TFuture extends BaseFuture>(
  target: SubmitTarget,
  specification: TaskSpecification<TFuture>,
): TFuture {
  const { executor, runOptions, signal } = resolveTarget(target);
  const future = executor.submit(specification, runOptions);
  if (signal !== undefined) cancelOnAbort(future, signal);
  return future;
}

/** What a {@link SubmitTarget} says: the executor, the options of each `submit`, the signal. */
export interface ResolvedTarget {
  readonly executor: Executor;
  readonly runOptions: RunOptions;
  readonly signal: AbortSignal | undefined;
}

/**
 * Reads and checks a {@link SubmitTarget}.
 *
 * @throws {TypeError} when `target` is neither an executor nor valid options.
 */
export function resolveTarget(target: SubmitTarget): ResolvedTarget {
  if (isExecutor(target)) return { executor: target, runOptions: {}, signal: undefined };
  if (!isSubmitOptions(target)) {
    throw new TypeError(
      expectedMessage('executor', 'an Executor or options { executor, timeout?, signal? }', target),
    );
  }
  const { executor, signal, timeout } = target;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(expectedMessage('signal', 'an AbortSignal', signal));
  }
  return { executor, runOptions: timeout === undefined ? {} : { timeout }, signal };
}

/** Cancels `future` when `signal` aborts (at once if it has), until the future is done. */
export function cancelOnAbort(future: BaseFuture, signal: AbortSignal): void {
  if (signal.aborted) {
    future.cancel();
    return;
  }
  const onAbort = (): void => {
    future.cancel();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  future.observe('done', () => signal.removeEventListener('abort', onAbort));
}

function isExecutor(value: unknown): value is Executor {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { submit?: unknown }).submit === 'function'
  );
}

function isSubmitOptions(value: unknown): value is SubmitOptions {
  return (
    typeof value === 'object' && value !== null && isExecutor((value as { executor?: unknown }).executor)
  );
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { aborted?: unknown }).aborted === 'boolean' &&
    typeof (value as { addEventListener?: unknown }).addEventListener === 'function'
  );
}
