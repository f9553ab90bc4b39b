/**
 * The future state machine: public states, the finer internal states behind them, and the
 * transition table that every change of a future goes through.
 *
 * The internal states split `cancelling` in two (cancelled before or after the task was seen
 * to start) and `cancelled` in three (how the task ended), so that any message order a task
 * cannot produce is caught as a {@link StateTransitionError} instead of surfacing as an odd
 * public state. Two more, `faulted` (public `failed`) and `cancelledFaulted` (public
 * `cancelled`), are where a future ends when the main thread fails to handle a message (a
 * throwing `dispatch`, or such an impossible order): final, they drop whatever the task still
 * sends.
 */
import { StateTransitionError } from './errors.js';

/** The task is queued and not yet known to have started. The initial state. */
export const WAITING = 'waiting';
/** The main thread has learned that the task started. */
export const EXECUTING = 'executing';
/** The task returned a result. Final. */
export const COMPLETED = 'completed';
/** The task raised an error. Final. */
export const FAILED = 'failed';
/** Cancellation was requested; the task has not sent its final message yet. */
export const CANCELLING = 'cancelling';
/** The task ended, in whatever way, after cancellation was requested. Final. */
export const CANCELLED = 'cancelled';

/** The public state of a future. */
export type FutureState =
  typeof WAITING | typeof EXECUTING | typeof COMPLETED | typeof FAILED | typeof CANCELLING | typeof CANCELLED;

/** Every public future state, in the order of a successful run. */
export const FUTURE_STATES = [WAITING, EXECUTING, CANCELLING, COMPLETED, FAILED, CANCELLED] as const;

/** The internal states of a future; several map to one public state (see {@link PUBLIC_STATE}). */
export const INTERNAL_STATES = [
  'waiting',
  'executing',
  'cancellingBeforeStarted',
  'cancellingAfterStarted',
  'completed',
  'failed',
  'cancelledAbandoned',
  'cancelledCompleted',
  'cancelledFailed',
  'faulted',
  'cancelledFaulted',
] as const;

/** An internal state of a future. */
export type InternalState = (typeof INTERNAL_STATES)[number];

/**
 * What can happen to a future: the user's `cancel`, one of the task's lifecycle messages, or
 * a `fault`. `sent` is a custom message of the task (an item, a progress report, a user
 * message). `fault` is the main thread's own failure to handle a message of the task: a
 * `dispatch` that threw, or a message order no task can produce.
 */
export const FUTURE_EVENTS = [
  'cancel',
  'started',
  'abandoned',
  'sent',
  'returned',
  'raised',
  'fault',
] as const;

/** An event that moves a future's state machine. */
export type FutureEvent = (typeof FUTURE_EVENTS)[number];

/** The public state shown for each internal state. */
export const PUBLIC_STATE: Readonly<Record<InternalState, FutureState>> = {
  waiting: WAITING,
  executing: EXECUTING,
  cancellingBeforeStarted: CANCELLING,
  cancellingAfterStarted: CANCELLING,
  completed: COMPLETED,
  failed: FAILED,
  cancelledAbandoned: CANCELLED,
  cancelledCompleted: CANCELLED,
  cancelledFailed: CANCELLED,
  faulted: FAILED,
  cancelledFaulted: CANCELLED,
};

/** A row for a state after a fault: each message the task may still send leads back to it (dropped). */
function absorbing(state: InternalState): Readonly<Partial<Record<FutureEvent, InternalState>>> {
  return { started: state, abandoned: state, sent: state, returned: state, raised: state };
}

/**
 * The transition table: internal state, then event, gives the next internal state.
 * A missing entry is a message order no task can produce.
 * `sent` while cancelling after start leads back to the same state: the message is dropped.
 * A `fault` ends the future at once (failed, or cancelled if cancellation was requested);
 * whatever the task sends after that is dropped.
 */
export const TRANSITIONS: Readonly<
  Record<InternalState, Readonly<Partial<Record<FutureEvent, InternalState>>>>
> = {
  waiting: { cancel: 'cancellingBeforeStarted', started: 'executing', fault: 'faulted' },
  executing: {
    cancel: 'cancellingAfterStarted',
    sent: 'executing',
    returned: 'completed',
    raised: 'failed',
    fault: 'faulted',
  },
  cancellingBeforeStarted: {
    started: 'cancellingAfterStarted',
    abandoned: 'cancelledAbandoned',
    fault: 'cancelledFaulted',
  },
  cancellingAfterStarted: {
    sent: 'cancellingAfterStarted',
    returned: 'cancelledCompleted',
    raised: 'cancelledFailed',
    fault: 'cancelledFaulted',
  },
  completed: {},
  failed: {},
  cancelledAbandoned: {},
  cancelledCompleted: {},
  cancelledFailed: {},
  faulted: absorbing('faulted'),
  cancelledFaulted: absorbing('cancelledFaulted'),
};

/** Whether no event leads out of `state`: every entry of its row, if any, leads back to it. */
function isFinalInternal(state: InternalState): boolean {
  return Object.values(TRANSITIONS[state]).every((next) => next === state);
}

/** Public states that are final: the future will never change again. */
export const DONE_STATES: ReadonlySet<FutureState> = new Set(
  INTERNAL_STATES.filter(isFinalInternal).map((state) => PUBLIC_STATE[state]),
);

/** Public states from which `cancel()` requests cancellation. */
export const CANCELLABLE_STATES: ReadonlySet<FutureState> = new Set(
  INTERNAL_STATES.filter((state) => TRANSITIONS[state].cancel !== undefined).map(
    (state) => PUBLIC_STATE[state],
  ),
);

/**
 * The internal state that follows `state` on `event`.
 *
 * @throws {StateTransitionError} when the table has no such transition.
 */
export function transition(state: InternalState, event: FutureEvent): InternalState {
  const next = TRANSITIONS[state][event];
  if (next === undefined) {
    throw new StateTransitionError(`Unexpected '${event}' message in internal state '${state}'`);
  }
  return next;
}

/** Whether `state` is final. */
export function isDone(state: FutureState): boolean {
  return DONE_STATES.has(state);
}

/** Whether a future in `state` can be cancelled. */
export function isCancellable(state: FutureState): boolean {
  return CANCELLABLE_STATES.has(state);
}
