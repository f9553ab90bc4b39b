/**
 * The worker side of iteration backpressure: counts the items a task sent, reads how many the
 * main thread delivered (shared task flags), and when `bound` are undelivered, posts what waits
 * in the outbox and sleeps on the shared counter (`Atomics.wait`, or `Atomics.waitAsync` for
 * async generators) until a delivery or a cancellation wakes it.
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
  #sent = 0;
  /** Items that may be sent before the shared counter must be read again. */
  #credit = 0;

  /**
   * @param bound - how many sent items may be undelivered before the task pauses.
   * @param flush - posts the messages waiting in the outbox (the main thread must get them).
   */
  constructor(flags: TaskFlags, slot: number, bound: number, flush: () => void) {
    this.#flags = flags;
    this.#slot = slot;
    this.#bound = bound;
    this.#flush = flush;
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
      await (this.#flags.waitForDeliveryAsync(this.#slot, delivered, RECHECK_MS) ??
        new Promise<void>((resolve) => setTimeout(resolve, 1)));
    }
  }

  /** Takes room for an item and returns `undefined`; or, without room, the delivered count seen. */
  #roomOrDelivered(): number | undefined {
    const delivered = this.#flags.delivered(this.#slot);
    const room = this.#bound - ((this.#sent - delivered) | 0);
    if (room > 0 || this.#flags.cancelRequested(this.#slot)) {
      this.#credit = Math.max(room - 1, 0);
      this.#sent = (this.#sent + 1) | 0;
      return undefined;
    }
    return delivered;
  }
}
