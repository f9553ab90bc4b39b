/**
 * One task inside a worker, from its run request to its end. Its place in the worker's life
 * is one state, moved by a table; cancellation is the other axis, kept in one place: the task's
 * {@link BackgroundTaskContext}. Whatever stops a task (a cancel request from the pool, the
 * shared cancel flag, a message that could not be cloned, a time limit) goes through
 * `context.requestCancel()`, and whatever asks (the task's `cancelled()` checks, its `signal`,
 * the start of a queued task, the backpressure window) goes through `context.cancelled()`.
 */
import { StateTransitionError } from '../core/errors.js';
import type { RunRequest } from '../core/messages.js';
import type { BackgroundTaskContext } from './task-context.js';

/**
 * Where a task is in its worker: `queued` behind the running task (tasks sent ahead),
 * `running` (its runner, or its `abandoned` report if it was cancelled first), `ended` (its
 * final message is queued).
 */
export type WorkerTaskState = 'queued' | 'running' | 'ended';

/** What moves a {@link WorkerTask}: its turn came (or it was cancelled while queued), or it ended. */
export type WorkerTaskEvent = 'start' | 'end';

const TRANSITIONS: Readonly<
  Record<WorkerTaskState, Readonly<Partial<Record<WorkerTaskEvent, WorkerTaskState>>>>
> = {
  queued: { start: 'running' },
  running: { end: 'ended' },
  ended: {},
};

/** A task a worker was asked to run. */
export class WorkerTask {
  /** The task's id, unique within its pool. */
  readonly id: number;
  /** The request the task came from (its function, by the pool's location numbers). */
  readonly request: RunRequest;
  /** The task's context: its messages and its one cancel authority. */
  readonly context: BackgroundTaskContext;
  readonly #execute: () => Promise<void>;
  #state: WorkerTaskState = 'queued';

  /**
   * @param execute - runs the task through its lifecycle (see `executeTask`); never rejects.
   */
  constructor(id: number, request: RunRequest, context: BackgroundTaskContext, execute: () => Promise<void>) {
    this.id = id;
    this.request = request;
    this.context = context;
    this.#execute = execute;
  }

  /** Where the task is. */
  get state(): WorkerTaskState {
    return this.#state;
  }

  /**
   * `queued` → `running`, then `running` → `ended` when its lifecycle is over. A task cancelled
   * while queued starts at once, and its lifecycle ends it as `abandoned` without running it.
   *
   * @throws {StateTransitionError} when the task is not queued (a bug).
   */
  start(): Promise<void> {
    this.#move('start');
    return this.#execute().finally(() => this.#move('end'));
  }

  #move(event: WorkerTaskEvent): void {
    const next = TRANSITIONS[this.#state][event];
    if (next === undefined) {
      throw new StateTransitionError(
        `Unexpected '${event}' of worker task ${this.id} in state '${this.#state}'`,
      );
    }
    this.#state = next;
  }
}
