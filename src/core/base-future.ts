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
import { expectedMessage } from './validation.js';

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

/** The events every future fires, with the type of their `new` value. */
export interface FutureEvents {
  /** The public state changed. */
  readonly state: FutureState;
  /** `cancellable` changed (once: true → false). */
  readonly cancellable: boolean;
  /** `forceCancellable` changed (once: true → false). */
  readonly forceCancellable: boolean;
  /** The future became final (once, last). */
  readonly done: boolean;
}

/** The names of the events every future fires. */
const FUTURE_EVENT_NAMES: readonly (keyof FutureEvents)[] = [
  'state',
  'cancellable',
  'forceCancellable',
  'done',
];

/**
 * The events a future of kind `TEvents` fires: those of every future, plus the kind's own
 * (`resultEvent` for an iteration, `progress` for a progress call, a custom kind's messages).
 */
export type FutureEventMap<TEvents extends object> = FutureEvents & TEvents;

/** The name of an event a future of kind `TEvents` fires. */
export type FutureEventName<TEvents extends object> = keyof FutureEventMap<TEvents> & string;

/**
 * The base class of every future. Subclasses add what their task kind sends, by overriding
 * {@link BaseFuture.dispatch}.
 *
 * @typeParam TResult - the task's result.
 * @typeParam TEvents - the events this kind fires beyond {@link FutureEvents}, by name, with the
 * type of their payload: `{ fizz: number }` makes `observe('fizz', e => e.new)` typed, and a
 * misspelt name a compile error. A custom message type the task sends is fired as an event of
 * that name (see {@link BaseFuture.dispatch}).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}`: no events beyond those of every future
export abstract class BaseFuture<TResult = unknown, TEvents extends object = {}> {
  #internalState: InternalState = 'waiting';
  #cancel: CancelCallback | undefined;
  /** Whether a `cancel({ force: true })` was passed on: forcing is then no longer possible. */
  #forceRequested = false;
  #result: TResult | undefined;
  #exception: ExceptionInfo | undefined;
  readonly #observers = new Observers();
  /** Made at the first `subscribe`: most futures are only awaited. */
  #subscribers: Set<() => void> | undefined;
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

  /**
   * Whether `cancel({ force: true })` would still have an effect: the future is not done and no
   * force was requested yet. Unlike `cancellable`, it stays `true` in `cancelling`, so a "Force"
   * button bound to it stays enabled while a cooperative cancel is pending. Observable; changes
   * once (true → false).
   */
  get forceCancellable(): boolean {
    return !this.done && !this.#forceRequested;
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
   * Requests cancellation, and returns whether this call had an effect.
   *
   * - In `waiting` or `executing` the future moves to `cancelling` at once and this returns
   *   `true`; from then on it fires no item or progress event and never becomes `failed`.
   * - With `{ force: true }`, the task is also ended by terminating what runs it. A force is
   *   possible while {@link BaseFuture.forceCancellable} is `true`: in `waiting`, `executing`
   *   and in `cancelling` after a cooperative `cancel()` (escalation), where it returns `true`
   *   although the state stays `cancelling` until the task's end is seen.
   * - Anything else (a second cancel, a second force, a done future) does nothing and returns
   *   `false`.
   *
   * Transitions: waiting → cancelling, executing → cancelling.
   */
  cancel(options?: CancelOptions): boolean {
    const force = options?.force === true;
    if (!this.cancellable) {
      if (!force || !this.forceCancellable || this.#cancel === undefined) return false;
      this.#cancel(options);
      this.#requestForce();
      this.#notifySubscribers();
      return true;
    }
    this.#cancel?.(options);
    this.#apply('cancel');
    if (force) this.#requestForce();
    this.#notifySubscribers();
    return true;
  }

  /**
   * Calls `handler` on each event `name`: `'state'`, `'cancellable'`, `'forceCancellable'`,
   * `'done'`, or an event of the future's kind (`'resultEvent'`, `'progress'`, a custom message
   * type declared in `TEvents`). Handlers run synchronously on the main thread. Returns a
   * function that stops observing.
   *
   * @throws {TypeError} when `handler` is not a function, `name` is not a non-empty string, or
   * `name` differs from an event of this future only by case (`'resultevent'`).
   */
  observe<TName extends FutureEventName<TEvents>>(
    name: TName,
    handler: (event: ChangeEvent<FutureEventMap<TEvents>[TName]>) => void,
  ): () => void {
    if (typeof handler !== 'function') throw new TypeError(expectedMessage('handler', 'a function', handler));
    this.#checkEventName(name);
    return this.#observers.observe(name, handler as (event: ChangeEvent) => void);
  }

  /**
   * Calls `listener` after each change of the snapshot (the external-store contract), once per
   * batch of messages. Returns a function that unsubscribes. An arrow function, so it can be
   * passed on unbound: `useSyncExternalStore(future.subscribe, future.getSnapshot)`.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    const registration = (): void => listener();
    const subscribers = (this.#subscribers ??= new Set());
    subscribers.add(registration);
    return () => {
      subscribers.delete(registration);
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

  /**
   * The names of the events this kind fires beyond those of every future (`['resultEvent']` for
   * an iteration), so that `observe` rejects a misspelling of them. Any other name is taken as a
   * custom message type the task may send.
   */
  protected eventNames(): readonly string[] {
    return [];
  }

  /** What a subclass adds to every snapshot. */
  protected snapshotExtras(): object {
    return {};
  }

  /** Where errors thrown by observers and subscribers go. Set by the executor; read by groups of futures. */
  set [REPORT_ERRORS_TO](reporter: ErrorReporter) {
    this.#observers.reportError = reporter;
  }

  get [REPORT_ERRORS_TO](): ErrorReporter {
    return this.#observers.reportError;
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
    if (this.done && !this.#forceRequested) {
      this.#observers.emit(this, 'forceCancellable', true, false);
    }
    if (this.done) {
      this.#cancel = undefined;
      this.#observers.emit(this, 'done', false, true);
    }
  }

  #requestForce(): void {
    this.#forceRequested = true;
    this.invalidateSnapshot();
    this.#observers.emit(this, 'forceCancellable', true, false);
  }

  #checkEventName(name: unknown): void {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(expectedMessage('name', 'an event name (a non-empty string)', name));
    }
    const known = [...FUTURE_EVENT_NAMES, ...this.eventNames()];
    if (known.includes(name)) return;
    const sameButCase = known.find((each) => each.toLowerCase() === name.toLowerCase());
    if (sameButCase !== undefined) {
      throw new TypeError(
        `Unknown event \`${name}\` for a ${this.constructor.name}: did you mean \`${sameButCase}\`? Event names are case-sensitive; this future fires ${known.map((each) => `\`${each}\``).join(', ')} and the custom messages of its task.`,
      );
    }
  }

  #notifySubscribers(): void {
    if (!this.#changed) return;
    this.#changed = false;
    if (this.#subscribers !== undefined) notifyAll(this.#subscribers, this.#observers.reportError);
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
        return { state, cancellable: true, forceCancellable: this.forceCancellable, done: false };
      case 'cancelling':
        return { state, cancellable: false, forceCancellable: this.forceCancellable, done: false };
      case 'completed':
        return {
          state,
          cancellable: false,
          forceCancellable: false,
          done: true,
          result: this.#result as TResult,
        };
      case 'failed':
        return {
          state,
          cancellable: false,
          forceCancellable: false,
          done: true,
          exception: this.#exception as ExceptionInfo,
        };
      case 'cancelled':
        return { state, cancellable: false, forceCancellable: false, done: true };
    }
  }
}
