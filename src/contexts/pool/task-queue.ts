/**
 * The pool's queue of tasks waiting for a worker: first in, first out, with O(1) `push`,
 * `shift` and `remove`, so that tens of thousands of queued tasks (or cancelling them all)
 * cost linear time. `Array.prototype.shift` and `indexOf` + `splice` are linear per call on
 * large arrays.
 */

/** A FIFO queue of distinct items. UI thread only. */
export class TaskQueue<TItem> {
  #items: (TItem | undefined)[] = [];
  #head = 0;
  readonly #removed = new Set<TItem>();

  /** How many items wait. */
  get length(): number {
    return this.#items.length - this.#head - this.#removed.size;
  }

  /** Adds `item` at the end. */
  push(item: TItem): void {
    this.#items.push(item);
  }

  /** Adds `items` at the front, in their order (tasks that must run again first). */
  unshiftAll(items: readonly TItem[]): void {
    if (items.length === 0) return;
    this.#compact();
    this.#items = [...items, ...this.#items];
  }

  /** Takes the first item, or `undefined` when none waits. */
  shift(): TItem | undefined {
    while (this.#head < this.#items.length) {
      const item = this.#items[this.#head] as TItem;
      this.#items[this.#head] = undefined;
      this.#head += 1;
      if (this.#removed.delete(item)) continue;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) this.#compact();
      return item;
    }
    return undefined;
  }

  /** Removes `item`, which must be waiting in the queue. */
  remove(item: TItem): void {
    this.#removed.add(item);
  }

  /** Takes every waiting item, in order. */
  drain(): TItem[] {
    const items: TItem[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) items.push(item);
    return items;
  }

  #compact(): void {
    this.#items = this.#items.slice(this.#head);
    this.#head = 0;
  }
}
