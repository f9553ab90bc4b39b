/**
 * The executor: accepts task specifications, runs them in a parallel context, tracks their
 * futures, and stops. UI thread only.
 *
 * Lifecycle: `running` → (`stop()` or `shutdown()`: every unfinished future is cancelled)
 * → `stopping` → (the last future is done; an owned context is closed) → `stopped`.
 */
import type { BaseFuture } from './base-future.js';
import { ExecutorStoppedError, ShutdownTimeoutError } from './errors.js';
import {
  RUNNING,
  STOPPED,
  STOPPING,
  executorTransition,
  type ExecutorEvent,
  type ExecutorState,
} from './executor-state.js';
import { RECEIVE, REPORT_ERRORS_TO } from './internal.js';
import type { TaskMessage } from './messages.js';
import { Observers, type ChangeEvent } from './observers.js';
import type { ParallelContext, RunOptions } from './parallel-context.js';
import type { TaskSpecification } from './task-specification.js';
import { normalizeTimeLimit, startTimeLimit } from './time-limit.js';
import { assertOptions, assertPositiveInteger, expectedMessage } from './validation.js';

/** Options of `new Executor()`. */
export interface ExecutorOptions {
  /**
   * Where tasks run. A context passed in is borrowed: the executor never closes it.
   * @default a new `WorkerContext`, owned and closed when the executor stops
   */
  readonly context?: ParallelContext;
  /**
   * How many tasks the owned context runs at once. Not allowed with `context`.
   * @default the machine's available parallelism
   */
  readonly maxWorkers?: number;
}

/** Options of `executor.shutdown()`. */
export interface ShutdownOptions {
  /**
   * How long to wait for tasks to finish, in milliseconds. When it runs out, `shutdown`
   * rejects with a {@link ShutdownTimeoutError} and the executor stays `stopping`. `Infinity`
   * means no limit; a limit above 2³¹−1 ms is waited out in full (see `normalizeTimeLimit`).
   * @default no limit
   */
  readonly timeout?: number;
}

/** The names `executor.observe` accepts. */
export type ExecutorObservable = 'state' | 'running' | 'stopped' | 'error';

/**
 * Runs tasks in the background and hands out futures for them.
 *
 * @example
 * ```ts
 * const executor = new Executor({ context: new InlineContext() });
 * const future = submitCall(executor, (a: number, b: number) => a + b, 1, 2);
 * await future.settled(); // future.result === 3
 * await executor.shutdown();
 * ```
 */
export class Executor {
  #state: ExecutorState = RUNNING;
  readonly #context: ParallelContext;
  readonly #ownsContext: boolean;
  /** Futures that are not done yet. */
  readonly #live = new Set<BaseFuture>();
  readonly #observers = new Observers();
  readonly #stoppedWaiters = new Set<() => void>();
  /** Set once the executor has drained: the closing of an owned context, then `stopped`. */
  #closing: Promise<void> | undefined;

  /**
   * @throws {TypeError} when both `context` and `maxWorkers` are given, or an option is invalid.
   * @throws {Error} when no `context` is given on a platform without a default context.
   */
  constructor(options: ExecutorOptions = {}) {
    assertOptions('options', options);
    const { context, maxWorkers } = options;
    if (context !== undefined && maxWorkers !== undefined) {
      throw new TypeError(
        'Pass at most one of `context` and `maxWorkers`: `maxWorkers` sizes the context the executor creates, and a context passed in is already sized.',
      );
    }
    if (maxWorkers !== undefined) assertPositiveInteger('maxWorkers', maxWorkers);
    if (context !== undefined && (typeof context !== 'object' || typeof context.run !== 'function')) {
      throw new TypeError(expectedMessage('context', 'a ParallelContext', context));
    }
    this.#context = context ?? this.createDefaultContext(maxWorkers);
    this.#ownsContext = context === undefined;
    this.#observers.reportError = (error) => {
      console.error('reactive-futures: an executor observer threw an error:', error);
    };
  }

  /** `running`, `stopping` or `stopped`. Observable. */
  get state(): ExecutorState {
    return this.#state;
  }

  /** Whether the executor accepts work (`state === 'running'`). Observable. */
  get running(): boolean {
    return this.#state === RUNNING;
  }

  /** Whether the executor has stopped for good (`state === 'stopped'`). Observable. */
  get stopped(): boolean {
    return this.#state === STOPPED;
  }

  /**
   * Runs the task of `specification` and returns its future, in state `waiting`. Nothing
   * about the future changes before this returns.
   *
   * @param options - per-task options, such as a time limit: `{ timeout: 5000 }`.
   * @example
   * ```ts
   * const spec = new BackgroundCall({ callable: (n: number) => n * n, args: [12] });
   * const future = executor.submit(spec, { timeout: 5000 }); // fails with TaskTimeoutError after 5 s
   * ```
   * @throws {ExecutorStoppedError} when the executor is not running; nothing is queued.
   * @throws {TypeError} when `specification` is not a task specification, or an option is invalid.
   */
  submit<TFuture extends BaseFuture>(
    specification: TaskSpecification<TFuture>,
    options: RunOptions = {},
  ): TFuture {
    assertSpecification(specification);
    assertOptions('options', options);
    normalizeTimeLimit('timeout', options.timeout);
    if (this.#state !== RUNNING) {
      throw new ExecutorStoppedError(
        `Cannot submit a task: the executor is '${this.#state}'. A stopped executor cannot be restarted; create a new Executor.`,
      );
    }
    const invocation = specification.task();
    const future = specification.future((options) => control.cancel(options));
    future[REPORT_ERRORS_TO] = this.#reportError;
    const control = this.#context.run(invocation, (messages) => this.#receive(future, messages), options);
    this.#live.add(future);
    return future;
  }

  /**
   * Cancels every unfinished future and moves to `stopping`; the executor reaches `stopped`
   * when they are all done and an owned context has closed (at once if there are none and the
   * context is borrowed). May be called again from an observer of a cancelled future: that
   * inner call stops the executor, and this one returns.
   *
   * @throws {ExecutorStoppedError} when the executor is not running.
   */
  stop(): void {
    if (this.#state !== RUNNING) {
      throw new ExecutorStoppedError(
        `Cannot stop: the executor is already '${this.#state}'. Use shutdown() to wait for it.`,
      );
    }
    for (const future of this.#live) future.cancel();
    // An observer of a cancelled future may have stopped the executor already, by calling
    // stop() or shutdown() itself: then that inner call did the rest.
    if (!this.running) return;
    this.#change('stop');
    this.#stopIfDrained();
  }

  /**
   * Stops (if running), then resolves once every future is done and an owned context is
   * closed. Legal in any state; resolves at once when already stopped.
   *
   * @throws {ShutdownTimeoutError} (rejects) when `timeout` ran out first; the executor stays
   * `stopping`, and a later `shutdown()` may finish the job.
   * @throws {TypeError} (rejects) when `options` is not an object or `timeout` is invalid; nothing stops.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    assertOptions('options', options);
    const timeout = normalizeTimeLimit('timeout', options.timeout);
    if (this.#state === RUNNING) this.stop();
    if (this.#state === STOPPING) await this.#waitUntilStopped(timeout);
  }

  /**
   * Calls `handler` on each change of `state`, `running` or `stopped`, or with each `error`
   * an observer of one of this executor's futures threw. Returns a function that stops observing.
   */
  observe(name: ExecutorObservable, handler: (event: ChangeEvent) => void): () => void {
    return this.#observers.observe(name, handler);
  }

  /**
   * Makes the context used when none is passed in. The platform entry points override it
   * (worker threads in Node, Web Workers in browsers).
   *
   * @throws {Error} always, in the platform-neutral build.
   */
  protected createDefaultContext(_maxWorkers: number | undefined): ParallelContext {
    throw new Error(
      'This build of reactive-futures has no default context: pass one, e.g. new Executor({ context: new InlineContext() }).',
    );
  }

  readonly #reportError = (error: unknown): void => {
    if (this.#observers.has('error')) {
      this.#observers.emit(this, 'error', undefined, error);
    } else {
      console.error('reactive-futures: an observer of a future threw an error:', error);
    }
  };

  #receive(future: BaseFuture, messages: readonly TaskMessage[]): void {
    // Never throws: a future that cannot handle a message reports it and ends (see RECEIVE).
    if (!future[RECEIVE](messages)) return;
    this.#live.delete(future);
    this.#stopIfDrained();
  }

  /**
   * Once stopping with no unfinished future (checked once, whoever gets here first): moves to
   * `stopped`, after an owned context has finished closing, so that `stopped` means closed.
   */
  #stopIfDrained(): void {
    if (this.#state !== STOPPING || this.#live.size > 0 || this.#closing !== undefined) return;
    if (!this.#ownsContext) {
      this.#closing = Promise.resolve();
      this.#completeStop();
      return;
    }
    this.#closing = this.#context.close().then(
      () => this.#completeStop(),
      (error: unknown) => {
        this.#reportError(error);
        this.#completeStop();
      },
    );
  }

  #completeStop(): void {
    this.#change('drained');
    for (const resolve of this.#stoppedWaiters) resolve();
    this.#stoppedWaiters.clear();
  }

  #waitUntilStopped(timeout: number | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cancelTimer =
        timeout === undefined
          ? undefined
          : startTimeLimit(timeout, () => {
              this.#stoppedWaiters.delete(onStopped);
              reject(this.#shutdownTimeoutError(timeout));
            });
      const onStopped = (): void => {
        cancelTimer?.();
        resolve();
      };
      this.#stoppedWaiters.add(onStopped);
    });
  }

  #shutdownTimeoutError(timeout: number): ShutdownTimeoutError {
    const count = this.#live.size;
    return new ShutdownTimeoutError(
      `Shutdown timed out after ${timeout} ms: ${count} ${count === 1 ? 'task is' : 'tasks are'} still running. ` +
        'Tasks that never check cancelled() keep running after cancel(); end them with future.cancel({ force: true }), then call shutdown() again.',
    );
  }

  #change(event: ExecutorEvent): void {
    const old = this.#state;
    const next = executorTransition(old, event);
    this.#state = next;
    // Compared with `next`, not the current state: an observer may move the executor on
    // meanwhile, and each change reports its own step, once.
    this.#observers.emit(this, 'state', old, next);
    const wasRunning = old === RUNNING;
    const isRunning = next === RUNNING;
    if (wasRunning !== isRunning) this.#observers.emit(this, 'running', wasRunning, isRunning);
    const wasStopped = old === STOPPED;
    const isStopped = next === STOPPED;
    if (wasStopped !== isStopped) this.#observers.emit(this, 'stopped', wasStopped, isStopped);
  }
}

/**
 * Checks that `value` is a task specification: an object with `future()` and `task()`.
 *
 * @throws {TypeError} otherwise.
 */
function assertSpecification(value: unknown): void {
  const candidate = value as { future?: unknown; task?: unknown } | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.future !== 'function' ||
    typeof candidate.task !== 'function'
  ) {
    throw new TypeError(
      expectedMessage(
        'specification',
        'a TaskSpecification (an object with future() and task() methods)',
        value,
      ),
    );
  }
}
