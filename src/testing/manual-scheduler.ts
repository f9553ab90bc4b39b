/**
 * A scheduler driven by hand, to make the inline context deterministic in tests.
 */

/**
 * Collects callbacks instead of running them; `runNext()`/`runAll()` run them in order.
 *
 * @example
 * ```ts
 * const scheduler = new ManualScheduler();
 * const executor = new Executor({ context: new InlineContext({ schedule: scheduler.schedule }) });
 * const future = submitCall(executor, () => 42);
 * scheduler.runAll(); // the task ran, but its messages wait for the next round
 * ```
 */
export class ManualScheduler {
  readonly #queue: (() => void)[] = [];

  /** Queues `callback`. Bound, so it can be passed as `schedule`. */
  readonly schedule = (callback: () => void): void => {
    this.#queue.push(callback);
  };

  /** How many callbacks wait. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Runs the oldest waiting callback; returns whether there was one. */
  runNext(): boolean {
    const callback = this.#queue.shift();
    if (callback === undefined) return false;
    callback();
    return true;
  }

  /**
   * Runs callbacks, including those they schedule, until none wait; gives up after `limit`.
   * Returns how many ran.
   */
  runAll(limit = 10_000): number {
    let count = 0;
    while (count < limit && this.runNext()) count += 1;
    return count;
  }
}
