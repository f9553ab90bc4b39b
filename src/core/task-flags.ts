/**
 * Per-task flags in shared memory, read by a worker without any message: "cancellation was
 * requested" (set by the main thread) and "the task has started" (set by the worker, read
 * by the pool when the worker dies, to know which tasks may be run again elsewhere).
 *
 * A third counter per task, "items delivered" (added to by the main thread after it handed a
 * batch of the task's messages to the future), lets an iteration pause when it runs too far
 * ahead of the main thread, and be woken (`Atomics.notify`) by a delivery or a cancellation.
 *
 * One word for the worker as a whole, "report batches read", is added to by the main thread as
 * it begins handling each batch the worker posted: the worker's outbox holds the ends of short
 * tasks while the main thread is behind, so that they travel together (see worker/outbox.ts).
 *
 * Layout of the `Int32Array`: `[cancel 0 … cancel n-1, started 0 … started n-1,
 * delivered 0 … delivered n-1, batches read]`, one slot per task a worker can hold at once. A `started` word
 * is 0 (not yet), 1 (started) or 2 (withdrawn by the pool before it started); the worker and
 * the pool each change it only from 0, by compare-and-exchange, so exactly one of them wins.
 */

/** Shared task flags of one worker. */
export class TaskFlags {
  readonly #flags: Int32Array;
  readonly #slots: number;

  /** Wraps a buffer made by {@link TaskFlags.allocate} (on either side). */
  constructor(buffer: SharedArrayBuffer) {
    this.#flags = new Int32Array(buffer);
    this.#slots = (this.#flags.length - 1) / 3;
  }

  /**
   * A buffer for `slots` tasks, or `undefined` where shared memory is unavailable (a page
   * that is not cross-origin isolated).
   */
  static allocate(slots: number): SharedArrayBuffer | undefined {
    if (typeof SharedArrayBuffer === 'undefined') return undefined;
    return new SharedArrayBuffer((slots * 3 + 1) * Int32Array.BYTES_PER_ELEMENT);
  }

  /** Clears the flags of `slot`, before a new task uses it. Main thread. */
  reset(slot: number): void {
    Atomics.store(this.#flags, slot, 0);
    Atomics.store(this.#flags, this.#slots + slot, 0);
    Atomics.store(this.#flags, 2 * this.#slots + slot, 0);
  }

  /** Requests cancellation of the task in `slot`, waking it if it waits for delivery. Main thread. */
  requestCancel(slot: number): void {
    Atomics.store(this.#flags, slot, 1);
    Atomics.notify(this.#flags, 2 * this.#slots + slot);
  }

  /** Records that `count` more messages of the task in `slot` were delivered, and wakes it. Main thread. */
  addDelivered(slot: number, count: number): void {
    Atomics.add(this.#flags, 2 * this.#slots + slot, count);
    Atomics.notify(this.#flags, 2 * this.#slots + slot);
  }

  /** How many messages of the task in `slot` were delivered (modulo 2³²). */
  delivered(slot: number): number {
    return Atomics.load(this.#flags, 2 * this.#slots + slot);
  }

  /**
   * Blocks the calling thread until `delivered(slot)` differs from `seen`, cancellation is
   * requested, or `timeout` ms passed. Worker only (a browser's main thread cannot block).
   */
  waitForDelivery(slot: number, seen: number, timeout: number): void {
    if (this.cancelRequested(slot)) return;
    Atomics.wait(this.#flags, 2 * this.#slots + slot, seen, timeout);
  }

  /** Like {@link TaskFlags.waitForDelivery} without blocking, where `Atomics.waitAsync` exists. */
  waitForDeliveryAsync(slot: number, seen: number, timeout: number): Promise<unknown> | undefined {
    const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
    if (waitAsync === undefined || this.cancelRequested(slot)) return undefined;
    const result = waitAsync(this.#flags, 2 * this.#slots + slot, seen, timeout);
    return result.async ? result.value : undefined;
  }

  /** Whether cancellation of the task in `slot` was requested. */
  cancelRequested(slot: number): boolean {
    return Atomics.load(this.#flags, slot) !== 0;
  }

  /**
   * Records that the task in `slot` starts; `false` when the pool withdrew it first (see
   * {@link TaskFlags.withdraw}): then it must not run. Worker.
   */
  markStarted(slot: number): boolean {
    return Atomics.compareExchange(this.#flags, this.#slots + slot, 0, STARTED) !== WITHDRAWN;
  }

  /**
   * Takes back the task in `slot` if it has not started, so that it never will; `false` when it
   * already started. Main thread (the pool's forced cancel of a task sent ahead).
   */
  withdraw(slot: number): boolean {
    return Atomics.compareExchange(this.#flags, this.#slots + slot, 0, WITHDRAWN) !== STARTED;
  }

  /** Whether the task in `slot` started. */
  started(slot: number): boolean {
    return Atomics.load(this.#flags, this.#slots + slot) === STARTED;
  }

  /** Records that the main thread began handling one more report batch of the worker, and wakes it. Main thread. */
  markBatchRead(): void {
    Atomics.add(this.#flags, 3 * this.#slots, 1);
    Atomics.notify(this.#flags, 3 * this.#slots);
  }

  /** How many report batches of the worker the main thread began handling (modulo 2³²). */
  batchesRead(): number {
    return Atomics.load(this.#flags, 3 * this.#slots);
  }

  /**
   * A promise that settles once {@link TaskFlags.batchesRead} is no longer `seen`, or after
   * `timeout` ms; `undefined` when it already changed, or where `Atomics.waitAsync` is missing.
   */
  whenBatchRead(seen: number, timeout: number): Promise<unknown> | undefined {
    const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
    if (waitAsync === undefined) return undefined;
    const result = waitAsync(this.#flags, 3 * this.#slots, seen, timeout);
    return result.async ? result.value : undefined;
  }
}

/** Values of a task's `started` word. */
const STARTED = 1;
const WITHDRAWN = 2;

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
