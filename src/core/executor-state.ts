/**
 * Executor states and the table of their transitions.
 */
import { StateTransitionError } from './errors.js';

/** The executor accepts work. The initial state. */
export const RUNNING = 'running';
/** Stop was requested: no new work; waiting for unfinished futures. */
export const STOPPING = 'stopping';
/** Every future is done and an owned context is closed. Final. */
export const STOPPED = 'stopped';

/** The public state of an executor. */
export type ExecutorState = typeof RUNNING | typeof STOPPING | typeof STOPPED;

/** Every executor state, in order: an executor only ever moves forward. */
export const EXECUTOR_STATES = [RUNNING, STOPPING, STOPPED] as const;

/** What moves an executor: a request to stop, and the end of the last unfinished future. */
export type ExecutorEvent = 'stop' | 'drained';

const EXECUTOR_TRANSITIONS: Readonly<
  Record<ExecutorState, Readonly<Partial<Record<ExecutorEvent, ExecutorState>>>>
> = {
  running: { stop: STOPPING },
  stopping: { drained: STOPPED },
  stopped: {},
};

/**
 * The executor state that follows `state` on `event`.
 *
 * @throws {StateTransitionError} when the table has no such transition.
 */
export function executorTransition(state: ExecutorState, event: ExecutorEvent): ExecutorState {
  const next = EXECUTOR_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new StateTransitionError(`Unexpected executor event '${event}' in state '${state}'`);
  }
  return next;
}
