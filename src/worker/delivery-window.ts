/**
 * The worker side of iteration backpressure: counts the items a task sent, reads how many the
 * main thread delivered (shared task flags), and when `bound` are undelivered, posts what waits
 * in the outbox and sleeps on the shared counter (`Atomics.wait`, or `Atomics.waitAsync` for
 * async generators) until a delivery or a cancellation wakes it. Cancellation is read from the
 * task's one cancel authority (its context), not only from the shared flag: a task the worker
 * itself stopped (one of its items could not be cloned, so those items will never be
 * delivered) must not wait for deliveries that never come.
 */
import type { TaskFlags } from '../core/task-flags.js';
import type { ItemFlow } from '../tasks/iteration/item-flow.js';

/** Re-checks this often while paused, in ms, in case a wake-up was missed. */
const RECHECK_MS = 250;

/** One task's window of undelivered items. */
export class DeliveryWindow implements ItemFlow {
  readonly #flags: TaskFlags;
  readonly #slot: number;
  readonly #bound: number;
  readonly #flush: () => void;
  readonly #cancelled: () => boolean;
  #sent = 0;
  /** Items that may be sent before the shared counter must be read again. */
  #credit = 0;

  /**
   * @param bound - how many sent items may be undelivered before the task pauses.
   * @param flush - posts the messages waiting in the outbox (the main thread must get them).
   * @param cancelled - whether the task was cancelled or stopped (reads the shared flag too).
   */
  constructor(flags: TaskFlags, slot: number, bound: number, flush: () => void, cancelled: () => boolean) {
    this.#flags = flags;
    this.#slot = slot;
    this.#bound = bound;
    this.#flush = flush;
    this.#cancelled = cancelled;
  }

  /** {@inheritDoc ItemFlow.reserve} */
  reserve(blocking: boolean): Promise<void> | boolean {
    // The hot path: one decrement per item; shared memory is read once per `credit` items.
    if (this.#credit > 0) {
      this.#credit -= 1;
      this.#sent = (this.#sent + 1) | 0;
      return false;
    }
    let paused = false;
    for (;;) {
      const delivered = this.#roomOrDelivered();
      if (delivered === undefined) return paused;
      this.#flush();
      // Posting may have stopped the task (an item that cannot be cloned): look again first.
      if (this.#cancelled()) continue;
      if (!blocking) return this.#reserveAsync();
      paused = true;
      this.#flags.waitForDelivery(this.#slot, delivered, RECHECK_MS);
    }
  }

  async #reserveAsync(): Promise<void> {
    for (;;) {
      const delivered = this.#roomOrDelivered();
      if (delivered === undefined) return;
      this.#flush();
      if (this.#cancelled()) continue;
      await (this.#flags.waitForDeliveryAsync(this.#slot, delivered, RECHECK_MS) ??
        new Promise<void>((resolve) => setTimeout(resolve, 1)));
    }
  }

  /** Takes room for an item and returns `undefined`; or, without room, the delivered count seen. */
  #roomOrDelivered(): number | undefined {
    const delivered = this.#flags.delivered(this.#slot);
    const room = this.#bound - ((this.#sent - delivered) | 0);
    if (room > 0 || this.#cancelled()) {
      this.#credit = Math.max(room - 1, 0);
      this.#sent = (this.#sent + 1) | 0;
      return undefined;
    }
    return delivered;
  }
}
