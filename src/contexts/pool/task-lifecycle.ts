/**
 * A task's lifecycle inside a context, as data: the context-side twin of
 * `core/future-state.ts`. The future's table says what the main thread has seen; this one says
 * where the task is (queued, sent to a worker, known started, asked to stop, out of time,
 * withdrawn, finished), and so what the context must do when something happens to it.
 *
 * Every change goes through {@link taskTransition}; an event the table does not list for a
 * state throws {@link StateTransitionError}. What a context makes up when it ends a task itself
 * is also read from a table ({@link MADE_UP_ENDING}), so that every way a task can end, through
 * every context, gives the future a valid, final sequence of messages.
 */
import { StateTransitionError } from '../../core/errors.js';

/** The states of a task in a context. */
export const TASK_STATES = [
  /** Waiting for a worker (or, inline, for its turn to run). The initial state. */
  'queued',
  /** Handed to a worker, which has not been seen to start it: it may wait behind another task. */
  'sentAhead',
  /** Cancellation was requested before the task was seen to start. */
  'cancelRequestedAhead',
  /** The task's `started` message was seen. */
  'started',
  /** Cancellation was requested after the task was seen to start. */
  'cancelRequested',
  /** The task ran out of time: cancellation was requested, its outcome is a `TaskTimeoutError`. */
  'timedOut',
  /**
   * Force-cancelled before it started, without terminating its worker: its future was told
   * `abandoned`, and the worker's own final message only frees the slot.
   */
  'withdrawn',
  /** Nothing more happens. Final. */
  'finished',
] as const;

/** A state of a task in a context. */
export type TaskState = (typeof TASK_STATES)[number];

/** What can happen to a task in a context. */
export const TASK_EVENTS = [
  /** The context handed the task to a worker. */
  'send',
  /** The task's `started` message arrived. */
  'start',
  /** A non-final message of the task arrived. */
  'message',
  /** The task's own final message (`abandoned`, `returned`, `raised`) arrived. */
  'end',
  /** The user requested cancellation. */
  'cancel',
  /** A forced cancel found the task not started, and took it back from its worker. */
  'withdraw',
  /** The task's time limit ran out. */
  'timeout',
  /** The task's worker was lost before the task started: it waits for another worker. */
  'requeue',
  /**
   * A worker that went idle took the task over from the busy worker it was sent ahead to,
   * before that one started it: it is sent again, to the idle worker.
   */
  'steal',
  /** The context ended the task itself (terminated its worker, lost it, closed). */
  'kill',
] as const;

/** An event that moves a task's lifecycle. */
export type TaskEvent = (typeof TASK_EVENTS)[number];

/**
 * The transition table: state, then event, gives the next state. A missing entry is an
 * impossible order of events: a bug in reactive-futures.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskState, Readonly<Partial<Record<TaskEvent, TaskState>>>>> =
  {
    queued: { send: 'sentAhead', cancel: 'cancelRequestedAhead', kill: 'finished' },
    sentAhead: {
      start: 'started',
      cancel: 'cancelRequestedAhead',
      withdraw: 'withdrawn',
      requeue: 'queued',
      steal: 'queued',
      kill: 'finished',
    },
    cancelRequestedAhead: {
      start: 'cancelRequested',
      end: 'finished',
      cancel: 'cancelRequestedAhead',
      withdraw: 'withdrawn',
      kill: 'finished',
    },
    started: {
      message: 'started',
      end: 'finished',
      cancel: 'cancelRequested',
      timeout: 'timedOut',
      kill: 'finished',
    },
    cancelRequested: {
      message: 'cancelRequested',
      end: 'finished',
      cancel: 'cancelRequested',
      timeout: 'timedOut',
      kill: 'finished',
    },
    timedOut: { message: 'timedOut', end: 'finished', cancel: 'timedOut', kill: 'finished' },
    withdrawn: {
      start: 'withdrawn',
      message: 'withdrawn',
      end: 'finished',
      cancel: 'withdrawn',
      kill: 'finished',
    },
    finished: {},
  };

/**
 * What a context makes up when it ends a task in each state itself (`kill`), so that the
 * future's messages end validly: `abandon` (cancelled before it started), `startAndRaise`
 * (never seen to start), `raise` (seen to start), or `none` (the future already had its end).
 */
export type MadeUpEnding = 'abandon' | 'startAndRaise' | 'raise' | 'none';

/** The made-up ending of a task killed in each state. */
export const MADE_UP_ENDING: Readonly<Record<TaskState, MadeUpEnding>> = {
  queued: 'startAndRaise',
  sentAhead: 'startAndRaise',
  cancelRequestedAhead: 'abandon',
  started: 'raise',
  cancelRequested: 'raise',
  timedOut: 'raise',
  withdrawn: 'none',
  finished: 'none',
};

/** States whose task's messages reach its future (in the others they are dropped or replaced). */
export const FORWARDING_STATES: ReadonlySet<TaskState> = new Set<TaskState>([
  'sentAhead',
  'cancelRequestedAhead',
  'started',
  'cancelRequested',
]);

/**
 * The state that follows `state` on `event`.
 *
 * @throws {StateTransitionError} when the table has no such transition.
 */
export function taskTransition(state: TaskState, event: TaskEvent): TaskState {
  const next = TASK_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new StateTransitionError(`Unexpected task event '${event}' in context-side state '${state}'`);
  }
  return next;
}
