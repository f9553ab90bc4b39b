/**
 * Svelte: a future as a readable store.
 */
import type { BaseFuture } from '../../core/base-future.js';
import type { SnapshotOf } from '../snapshot-of.js';

/**
 * Svelte's store contract for reading: `subscribe(run)` calls `run` with the current value at
 * once and after each change, and returns a function that unsubscribes. Assignable to
 * `Readable<TValue>` from `svelte/store`, so it works with `$store`, `get()` and `derived()`.
 */
export interface FutureStore<TValue> {
  /** Calls `run(value)` now and on each change; returns a function that unsubscribes. */
  subscribe(run: (value: TValue) => void): () => void;
}

/**
 * A readable store of the snapshots of `future`, usable as `$store` in Svelte 4 and 5
 * components. Each subscriber is subscribed to the future while it listens, no longer.
 *
 * @example
 * ```ts
 * import { Executor, InlineContext, submitCall } from 'reactive-futures';
 * import { futureStore } from 'reactive-futures/svelte';
 *
 * const executor = new Executor({ context: new InlineContext() });
 * const store = futureStore(submitCall(executor, () => 42));
 * const unsubscribe = store.subscribe((snapshot) => console.log(snapshot.state)); // 'waiting'
 * unsubscribe();
 * await executor.shutdown();
 * ```
 */
export function futureStore<TFuture extends BaseFuture>(future: TFuture): FutureStore<SnapshotOf<TFuture>> {
  const current = (): SnapshotOf<TFuture> => future.getSnapshot() as SnapshotOf<TFuture>;
  return {
    subscribe(run) {
      run(current());
      return future.subscribe(() => run(current()));
    },
  };
}
