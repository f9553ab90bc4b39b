/**
 * The main thread's view of a background task: a table-driven state machine fed by the
 * task's messages, observable through `observe`, `subscribe`/`getSnapshot` and `settled()`.
 * UI thread only.
 */
import { BUILT_IN_EVENTS, isBuiltInEvent } from './built-in-events.js';
import {
  CANCELLED,
  COMPLETED,
  FAILED,
  PUBLIC_STATE,
  isCancellable,
  isDone,
  transition,
  type FutureEvent,
  type FutureState,
  type InternalState,
} from './future-state.js';
import { RECEIVE, REPORT_ERRORS_TO } from './internal.js';
import { marshalError, type ExceptionInfo } from './marshal-error.js';
import type { TaskMessage } from './messages.js';
import { Observers, notifyAll, type ChangeEvent, type ErrorReporter } from './observers.js';
import type { FutureSnapshot } from './snapshot.js';

/** Options of `future.cancel()`. */
export interface CancelOptions {
  /**
   * Terminate the worker that runs the task instead of waiting for the task to notice.
   * The pool replaces the worker; the future reaches `cancelled` promptly.
   * @default false
   */
  readonly force?: boolean;
}

/** Requests cancellation of a task; given to `TaskSpecification.future`. */
export type CancelCallback = (options?: CancelOptions) => void;

/**
 * The base class of every future. Subclasses add what their task kind sends, by overriding
 * {@link BaseFuture.dispatch}.
 *
 * @typeParam TResult - the task's result.
 */
export abstract class BaseFuture<TResult = unknown> {
  #internalState: InternalState = 'waiting';
  #cancel: CancelCallback | undefined;
  #result: TResult | undefined;
  #exception: ExceptionInfo | undefined;
  readonly #observers = new Observers();
  readonly #subscribers = new Set<() => void>();
  #snapshot: FutureSnapshot<TResult> | undefined;
  #changed = false;
  #settled: Promise<this> | undefined;
  #resolveSettled: (() => void) | undefined;

  /** @param cancel - called once, with the options of `cancel()`, to request cancellation. */
  constructor(cancel: CancelCallback) {
    this.#cancel = cancel;
  }

  /** The future's state, as far as the main thread knows. Observable as `'state'`. */
  get state(): FutureState {
    return PUBLIC_STATE[this.#internalState];
  }

  /** Whether `cancel()` would request cancellation (`waiting` or `executing`). Observable. */
  get cancellable(): boolean {
    return isCancellable(this.state);
  }

  /** Whether the future is final (`completed`, `failed` or `cancelled`). Observable; fires once, last. */
  get done(): boolean {
    return isDone(this.state);
  }

  /**
   * The task's result.
   *
   * @throws {Error} unless the state is `completed`; the message names the state.
   */
  get result(): TResult {
    if (this.state !== COMPLETED) {
      throw new Error(
        `No result available: the future is '${this.state}'. A result exists only in state 'completed'; wait for it with settled() or observe('done').`,
      );
    }
    return this.#result as TResult;
  }

  /**
   * What the task raised.
   *
   * @throws {Error} unless the state is `failed`; the message names the state.
   */
  get exception(): ExceptionInfo {
    if (this.state !== FAILED) {
      throw new Error(
        `No exception available: the future is '${this.state}'. An exception exists only in state 'failed'.`,
      );
    }
    return this.#exception as ExceptionInfo;
  }

  /**
   * Requests cancellation. In `waiting` or `executing` the future moves to `cancelling` at
   * once and this returns `true`; from then on it fires no item or progress event and never
   * becomes `failed`. In any other state it returns `false`, except that `{ force: true }`
   * on a `cancelling` future still terminates a task that ignores the request.
   *
   * Transitions: waiting → cancelling, executing → cancelling.
   */
  cancel(options?: CancelOptions): boolean {
    if (!this.cancellable) {
      if (options?.force === true && this.#cancel !== undefined && !this.done) this.#cancel(options);
      return false;
    }
    this.#cancel?.(options);
    this.#apply('cancel');
    this.#notifySubscribers();
    return true;
  }

  /**
   * Calls `handler` on each change of `name`: `'state'`, `'cancellable'`, `'done'`, or an
   * event of the future's kind (`'resultEvent'`, `'progress'`, a custom message type).
   * Handlers run synchronously on the main thread. Returns a function that stops observing.
   */
  observe(name: string, handler: (event: ChangeEvent) => void): () => void {
    return this.#observers.observe(name, handler);
  }

  /**
   * Calls `listener` after each change of the snapshot (the external-store contract), once per
   * batch of messages. Returns a function that unsubscribes. An arrow function, so it can be
   * passed on unbound: `useSyncExternalStore(future.subscribe, future.getSnapshot)`.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    const registration = (): void => listener();
    this.#subscribers.add(registration);
    return () => {
      this.#subscribers.delete(registration);
    };
  };

  /** The current snapshot: frozen, and the same object until the next change. Can be passed on unbound. */
  readonly getSnapshot = (): FutureSnapshot<TResult> => {
    this.#snapshot ??= Object.freeze({ ...this.#baseSnapshot(), ...this.snapshotExtras() });
    return this.#snapshot;
  };

  /** Resolves with this future once it is done. Never rejects. */
  settled(): Promise<this> {
    if (this.#settled === undefined) {
      this.#settled = this.done
        ? Promise.resolve(this)
        : new Promise<this>((resolve) => {
            this.#resolveSettled = () => resolve(this);
          });
    }
    return this.#settled;
  }

  /**
   * Handles a custom message of the task. Called on the main thread, in order, only while the
   * future is `executing`. By default fires an event named `type` with `new: arg`.
   *
   * @throws {Error} (by default) when `type` is a built-in event name (`state`, `cancellable`,
   * `done`): a custom message never fires those. `send` refuses them in the task already; this
   * guards against a context that lets one through. The future then fails with this error.
   */
  protected dispatch(type: string, arg: unknown): void {
    if (isBuiltInEvent(type)) {
      throw new Error(
        `A custom message of the task was named '${type}', but '${type}' is one of the future's own events ` +
          `(${BUILT_IN_EVENTS.map((name) => `'${name}'`).join(', ')}), which only the future fires. Send it under another name.`,
      );
    }
    this.emit(type, arg);
  }

  /** Fires the event `name` with payload `value`. (A subclass whose snapshot changes with it also calls {@link invalidateSnapshot}.) */
  protected emit(name: string, value: unknown): void {
    this.#observers.emit(this, name, undefined, value);
  }

  /** Marks the snapshot changed, for subclasses whose {@link snapshotExtras} changed. */
  protected invalidateSnapshot(): void {
    this.#snapshot = undefined;
    this.#changed = true;
  }

  /** What a subclass adds to every snapshot. */
  protected snapshotExtras(): object {
    return {};
  }

  /** Where errors thrown by observers and subscribers go. Set by the executor. */
  set [REPORT_ERRORS_TO](reporter: ErrorReporter) {
    this.#observers.reportError = reporter;
  }

  /**
   * Delivers task messages, in order. Returns whether the task is over. Executor only.
   *
   * Never throws. When handling a message fails (a `dispatch` throws, or the order is one no
   * task can produce), the error goes to the executor's `'error'` event and the future ends
   * at once: `failed` with that error (`cancelled` if cancellation was requested), the task
   * is asked to stop, and whatever else it sends is dropped.
   *
   * Transitions: waiting/executing → failed, cancelling → cancelled on such a fault.
   */
  [RECEIVE](messages: readonly TaskMessage[]): boolean {
    try {
      for (const message of messages) this.#receiveOne(message);
    } catch (error) {
      this.#fault(error);
    }
    this.#notifySubscribers();
    return this.done;
  }

  #receiveOne(message: TaskMessage): void {
    switch (message.type) {
      case 'sent':
        this.#apply('sent');
        if (this.#internalState === 'executing') this.dispatch(message.messageType, message.arg);
        break;
      case 'sentMany': {
        this.#apply('sent');
        const { messageType, args } = message;
        // A handler may cancel mid-batch: from then on, nothing more is dispatched.
        for (let index = 0; index < args.length && this.#internalState === 'executing'; index++) {
          this.dispatch(messageType, args[index]);
        }
        break;
      }
      case 'returned':
        // A future that is already over (a fault ended it) keeps what it has.
        if (!this.done) this.#result = message.value as TResult;
        this.#apply('returned');
        break;
      case 'raised':
        if (!this.done) this.#exception = message.exception;
        this.#apply('raised');
        break;
      default:
        this.#apply(message.type);
    }
  }

  /** Handling a message failed: report it and end the future with it (see {@link BaseFuture[RECEIVE]}). */
  #fault(error: unknown): void {
    this.#observers.reportError(error);
    // A message after the future ended changes nothing: there is nothing left to fail.
    if (this.done) return;
    if (this.cancellable) {
      this.#cancel?.();
      this.#exception = marshalError(error);
    }
    this.#apply('fault');
  }

  #apply(event: FutureEvent): void {
    const oldState = this.state;
    this.#internalState = transition(this.#internalState, event);
    const newState = this.state;
    if (newState === oldState) return;
    if (newState === CANCELLED) {
      this.#result = undefined;
      this.#exception = undefined;
    }
    this.invalidateSnapshot();
    this.#observers.emit(this, 'state', oldState, newState);
    const wasCancellable = isCancellable(oldState);
    if (wasCancellable !== this.cancellable) {
      this.#observers.emit(this, 'cancellable', wasCancellable, this.cancellable);
    }
    if (this.done) {
      this.#cancel = undefined;
      this.#observers.emit(this, 'done', false, true);
    }
  }

  #notifySubscribers(): void {
    if (!this.#changed) return;
    this.#changed = false;
    notifyAll(this.#subscribers, this.#observers.reportError);
    if (this.done && this.#resolveSettled !== undefined) {
      this.#resolveSettled();
      this.#resolveSettled = undefined;
    }
  }

  #baseSnapshot(): FutureSnapshot<TResult> {
    const state = this.state;
    switch (state) {
      case 'waiting':
      case 'executing':
        return { state, cancellable: true, done: false };
      case 'cancelling':
        return { state, cancellable: false, done: false };
      case 'completed':
        return { state, cancellable: false, done: true, result: this.#result as TResult };
      case 'failed':
        return { state, cancellable: false, done: true, exception: this.#exception as ExceptionInfo };
      case 'cancelled':
        return { state, cancellable: false, done: true };
    }
  }
}
