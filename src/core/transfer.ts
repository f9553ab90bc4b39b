/**
 * Marking values to be moved, not copied, when they cross to or from a worker.
 */

const transferLists = new WeakMap<object, readonly Transferable[]>();

/**
 * An object whose ownership can move between threads: an `ArrayBuffer`, a `MessagePort`…
 * (`object` here, so that this module needs no DOM or Node types).
 */
export type Transferable = object;

/**
 * Marks `value` so that `transferables` are moved rather than copied when it is sent as an
 * argument, an item, a progress value or a result. The sender loses access to them.
 * Returns `value` itself, so types are unchanged.
 *
 * @example
 * ```ts
 * const samples = new Float64Array(1 << 20);
 * submitCall(executor, tasks.sum, transfer(samples, [samples.buffer]));
 * ```
 */
export function transfer<T extends object>(value: T, transferables: readonly Transferable[]): T {
  transferLists.set(value, transferables);
  return value;
}

/** The transferables marked on any of `values` (top-level only). */
export function collectTransferables(values: readonly unknown[]): readonly Transferable[] {
  let found: Transferable[] | undefined;
  for (const value of values) {
    if (typeof value !== 'object' || value === null) continue;
    const list = transferLists.get(value);
    if (list !== undefined) (found ??= []).push(...list);
  }
  return found ?? NOTHING_TO_TRANSFER;
}

/** What {@link collectTransferables} returns when nothing is marked: one array, never mutated. */
const NOTHING_TO_TRANSFER: readonly Transferable[] = Object.freeze([]);
