/**
 * One task in a {@link WorkerPool}: its lifecycle state (see `task-lifecycle.ts`), and the one
 * place that acts on it: it forwards the task's messages, sets the shared cancel flag and
 * posts the cancel request, runs the time limit, takes the task back from a worker that has
 * not started it, and makes up the final messages when the pool ends the task itself (a
 * worker lost, terminated or closed).
 */
import type { ExceptionInfo } from '../../core/marshal-error.js';
import type { TaskMessage } from '../../core/messages.js';
import type { MessageReceiver } from '../../core/parallel-context.js';
import { startTimeLimit } from '../../core/time-limit.js';
import type { EncodedInvocation } from './encode-invocation.js';
import { madeUpMessages } from './made-up-messages.js';
import { cancelledException, timeoutException } from './pool-errors.js';
import type { PooledWorker } from './pooled-worker.js';
import {
  FORWARDING_STATES,
  MADE_UP_ENDING,
  taskTransition,
  type TaskEvent,
  type TaskState,
} from './task-lifecycle.js';

/** What a task needs from its pool. */
export interface TaskHost {
  /** Runs `callback` in a later task of the event loop. */
  readonly schedule: (callback: () => void) => void;
  /** How long a task that ran out of time may take to stop before its worker is terminated, in ms. */
  readonly timeoutGrace: number;
  /** Terminates `worker` because `task` ran out of time and did not stop. */
  terminateForTimeout(worker: PooledWorker, task: PooledTask): void;
}

/** A task of a pool. UI thread only. */
export class PooledTask {
  /** Unique within the pool; changes when an idle worker takes the task over ({@link PooledTask.steal}). */
  id: number;
  readonly invocation: EncodedInvocation;
  readonly #receive: MessageReceiver;
  readonly #host: TaskHost;
  /** The time limit in ms, counted from the start; `undefined` for none. */
  readonly #timeout: number | undefined;
  #state: TaskState = 'queued';
  /** The worker holding the task (while it holds it), and the slot it uses there. */
  worker: PooledWorker | undefined;
  slot = -1;
  #clearTimer: (() => void) | undefined;
  /** What replaces the task's outcome once its time ran out. */
  #timedOut: ExceptionInfo | undefined;

  constructor(
    id: number,
    invocation: EncodedInvocation,
    receive: MessageReceiver,
    timeout: number | undefined,
    host: TaskHost,
  ) {
    this.id = id;
    this.invocation = invocation;
    this.#receive = receive;
    this.#timeout = timeout;
    this.#host = host;
  }

  /** Where the task is in its lifecycle. */
  get state(): TaskState {
    return this.#state;
  }

  /** Whether the task may have started on its worker (so it must not run again elsewhere). */
  get mayHaveStarted(): boolean {
    if (this.#state !== 'sentAhead' && this.#state !== 'cancelRequestedAhead') return true;
    return this.worker?.flags?.started(this.slot) !== false;
  }

  /** Hands the task to `worker`, in `slot`. */
  send(worker: PooledWorker, slot: number): void {
    this.#on('send');
    this.worker = worker;
    this.slot = slot;
  }

  /**
   * Takes in one message of the task from its worker; returns the message its future gets (the
   * message itself, the time-out replacing its outcome), or `undefined` if it is dropped.
   * Hot path: one table look-up per message.
   */
  accept(message: TaskMessage): TaskMessage | undefined {
    const before = this.#state;
    const type = message.type;
    if (type === 'started') {
      this.#on('start');
      if (this.#timeout !== undefined && this.#state === 'started') this.#startTimeLimit(this.#timeout);
    } else if (type === 'sent' || type === 'sentMany') {
      this.#on('message');
    } else {
      this.#on('end');
      this.#stopTimer();
    }
    if (FORWARDING_STATES.has(before)) return message;
    if (before === 'timedOut' && this.#state === 'finished') {
      return { type: 'raised', exception: this.#timedOut as ExceptionInfo };
    }
    return undefined;
  }

  /**
   * Requests cancellation: a queued task ends at once (`true`: the pool drops it from its
   * queue); one on a worker gets its shared flag set and a `cancel` request.
   */
  cancel(): boolean {
    if (this.#state === 'finished') return false;
    this.#on('cancel');
    if (this.worker === undefined) {
      this.#end(undefined);
      return true;
    }
    this.#requestStop();
    return false;
  }

  /**
   * Force-cancels a task its worker has not started, without terminating the worker: the future
   * is told `abandoned` now; the worker's own `abandoned` later only frees the slot. Returns
   * `false` (changing nothing) when the task may have started.
   */
  withdraw(): boolean {
    const worker = this.worker;
    if (worker?.flags === undefined) return false;
    if (this.#state !== 'sentAhead' && this.#state !== 'cancelRequestedAhead') return false;
    if (this.#state === 'sentAhead') this.#on('cancel');
    worker.flags.requestCancel(this.slot);
    if (!worker.flags.withdraw(this.slot)) return false;
    const messages = madeUpMessages('abandon', undefined);
    this.#on('withdraw');
    worker.post({ type: 'cancel', id: this.id }, [], this);
    this.#host.schedule(() => this.#receive(messages));
    return true;
  }

  /**
   * Takes the task back from the worker it was sent ahead to, if that worker has not started it,
   * for an idle worker to run instead; returns `false` (changing nothing) otherwise. Its future
   * sees nothing; the old worker's own `abandoned` for it only frees the slot
   * ({@link PooledWorker.detach}). It takes `newId` as its id, so that a later message of the old
   * worker about it is never taken for one about its new sending (even to that same worker).
   */
  steal(newId: number): boolean {
    const worker = this.worker;
    if (this.#state !== 'sentAhead' || worker?.flags === undefined) return false;
    if (!worker.flags.withdraw(this.slot)) return false;
    this.#on('steal');
    worker.detach(this);
    this.worker = undefined;
    this.id = newId;
    return true;
  }

  /** The worker was lost before the task started: it waits in the queue again. */
  requeue(): void {
    this.#on('requeue');
    this.worker = undefined;
  }

  /**
   * Ends the task now, without its worker: the future gets made-up final messages (with
   * `exception` as the outcome, where one is made up), delivered in a later event-loop task.
   */
  kill(exception: ExceptionInfo | undefined): void {
    if (this.#state === 'finished') return;
    this.#end(this.#state === 'timedOut' ? this.#timedOut : exception);
  }

  /** Hands a batch of the task's messages to its future. */
  deliver(messages: readonly TaskMessage[]): void {
    this.#receive(messages);
  }

  #end(exception: ExceptionInfo | undefined): void {
    const messages = madeUpMessages(MADE_UP_ENDING[this.#state], exception ?? cancelledException());
    this.#on('kill');
    this.#stopTimer();
    if (messages.length > 0) this.#host.schedule(() => this.#receive(messages));
  }

  /** Sets the task's shared cancel flag and posts a `cancel` request (which aborts its signal). */
  #requestStop(): void {
    const worker = this.worker as PooledWorker;
    worker.flags?.requestCancel(this.slot);
    worker.post({ type: 'cancel', id: this.id }, [], this);
  }

  /** Starts the time limit: on expiry, requests cancellation, then terminates if ignored. */
  #startTimeLimit(timeout: number): void {
    this.#clearTimer = startTimeLimit(
      timeout,
      () => {
        if (this.#state !== 'started' && this.#state !== 'cancelRequested') return;
        this.#timedOut = timeoutException(timeout);
        this.#on('timeout');
        this.#requestStop();
        const worker = this.worker as PooledWorker;
        this.#clearTimer = startTimeLimit(
          this.#host.timeoutGrace,
          () => {
            if (this.#state === 'timedOut' && this.worker === worker)
              this.#host.terminateForTimeout(worker, this);
          },
          { keepAlive: false },
        );
      },
      // The worker running the task keeps the process alive while it works; the timer need not.
      { keepAlive: false },
    );
  }

  #stopTimer(): void {
    this.#clearTimer?.();
    this.#clearTimer = undefined;
  }

  #on(event: TaskEvent): void {
    this.#state = taskTransition(this.#state, event);
  }
}
