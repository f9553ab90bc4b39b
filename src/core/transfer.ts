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
  return found ?? NO_TRANSFERABLES;
}

/**
 * The transferables marked on `value` (see {@link collectTransferables}); a primitive, the most
 * common result or item, costs one `typeof` and no array.
 */
export function transferablesOf(value: unknown): readonly Transferable[] {
  return typeof value === 'object' && value !== null ? collectTransferables([value]) : NO_TRANSFERABLES;
}

/** An empty transfer list: one array, never mutated (what nothing marked gives). */
export const NO_TRANSFERABLES: readonly Transferable[] = Object.freeze([]);
