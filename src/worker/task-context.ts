/**
 * The {@link TaskContext} a runner gets in the background. It is also the task's one cancel
 * authority in its worker: everything that stops the task calls {@link BackgroundTaskContext.requestCancel},
 * and everything that asks reads {@link BackgroundTaskContext.cancelled} (which also reads the
 * shared flag the main thread sets).
 */
import { assertCustomMessageType } from '../core/built-in-events.js';
import { TaskCancelled } from '../core/errors.js';
import type { TaskContext } from '../core/task-specification.js';
import { ITEM_FLOW, type ItemFlow } from '../tasks/iteration/item-flow.js';

/** A task's context: its message sender, its cancellation flag and its abort signal. */
export class BackgroundTaskContext implements TaskContext {
  // Made on first use of `signal`: most tasks never read it, and it is costly to make.
  #controller: AbortController | undefined;
  #cancelSeen = false;
  readonly #cancelRequested: () => boolean;
  readonly #send: (type: string, arg: unknown) => void;
  #open = true;
  /** Makes the backpressure window, where the context bounds undelivered items. */
  readonly #makeItemFlow: (() => ItemFlow) | undefined;
  #itemFlow: ItemFlow | undefined;

  /**
   * @param cancelRequested - reads the shared cancellation flag, without any message.
   * @param send - queues a custom message for the future.
   * @param makeItemFlow - makes what pauses an iteration that runs too far ahead of the main
   * thread; called on first use (most tasks are not iterations).
   */
  constructor(
    cancelRequested: () => boolean,
    send: (type: string, arg: unknown) => void,
    makeItemFlow?: () => ItemFlow,
  ) {
    this.#cancelRequested = cancelRequested;
    this.#send = send;
    this.#makeItemFlow = makeItemFlow;
  }

  /** Backpressure for iterations, where the context bounds undelivered items. */
  get [ITEM_FLOW](): ItemFlow | undefined {
    if (this.#itemFlow === undefined && this.#makeItemFlow !== undefined)
      this.#itemFlow = this.#makeItemFlow();
    return this.#itemFlow;
  }

  /**
   * Sends a custom message to the future.
   *
   * @throws {Error} after the task ended.
   * @throws {TypeError} when `type` is not a string, or is a built-in event name (`state`,
   * `cancellable`, `done`), which only the future itself fires.
   */
  send(type: string, arg?: unknown): void {
    if (!this.#open) {
      throw new Error(
        `send('${type}') was called after the task ended: a task can only send messages while it runs.`,
      );
    }
    assertCustomMessageType(type);
    this.#send(type, arg);
  }

  /** Whether cancellation was requested. Reads shared memory; aborts the signal on first sight. */
  cancelled(): boolean {
    if (this.#cancelSeen) return true;
    if (!this.#cancelRequested()) return false;
    this.requestCancel();
    return true;
  }

  /** Aborted when cancellation is requested. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#cancelSeen) this.#controller.abort(new TaskCancelled());
    }
    return this.#controller.signal;
  }

  /** Marks the task cancelled and aborts its signal (a cancel message arrived). */
  requestCancel(): void {
    if (this.#cancelSeen) return;
    this.#cancelSeen = true;
    this.#controller?.abort(new TaskCancelled());
  }

  /** Ends the task's right to send messages. */
  close(): void {
    this.#open = false;
  }
}
