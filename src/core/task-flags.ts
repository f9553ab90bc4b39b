/**
 * Per-task flags in shared memory, read by a worker without any message: "cancellation was
 * requested" (set by the main thread) and "the task has started" (set by the worker, read
 * by the pool when the worker dies, to know which tasks may be run again elsewhere).
 *
 * Layout of the `Int32Array`: `[cancel 0 … cancel n-1, started 0 … started n-1]`, one slot
 * per task a worker can hold at once.
 */

/** Shared task flags of one worker. */
export class TaskFlags {
  readonly #flags: Int32Array;
  readonly #slots: number;

  /** Wraps a buffer made by {@link TaskFlags.allocate} (on either side). */
  constructor(buffer: SharedArrayBuffer) {
    this.#flags = new Int32Array(buffer);
    this.#slots = this.#flags.length / 2;
  }

  /**
   * A buffer for `slots` tasks, or `undefined` where shared memory is unavailable (a page
   * that is not cross-origin isolated).
   */
  static allocate(slots: number): SharedArrayBuffer | undefined {
    if (typeof SharedArrayBuffer === 'undefined') return undefined;
    return new SharedArrayBuffer(slots * 2 * Int32Array.BYTES_PER_ELEMENT);
  }

  /** Clears both flags of `slot`, before a new task uses it. Main thread. */
  reset(slot: number): void {
    Atomics.store(this.#flags, slot, 0);
    Atomics.store(this.#flags, this.#slots + slot, 0);
  }

  /** Requests cancellation of the task in `slot`. Main thread. */
  requestCancel(slot: number): void {
    Atomics.store(this.#flags, slot, 1);
  }

  /** Whether cancellation of the task in `slot` was requested. */
  cancelRequested(slot: number): boolean {
    return Atomics.load(this.#flags, slot) !== 0;
  }

  /** Records that the task in `slot` started. Worker. */
  markStarted(slot: number): void {
    Atomics.store(this.#flags, this.#slots + slot, 1);
  }

  /** Whether the task in `slot` started. */
  started(slot: number): boolean {
    return Atomics.load(this.#flags, this.#slots + slot) !== 0;
  }
}
