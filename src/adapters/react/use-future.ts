/**
 * React: a future's snapshot as component state, through `useSyncExternalStore`.
 */
import { useSyncExternalStore } from 'react';
import type { BaseFuture } from '../../core/base-future.js';
import type { SnapshotOf } from '../snapshot-of.js';

const subscribeToNothing = (): (() => void) => () => undefined;
const noSnapshot = (): undefined => undefined;

/**
 * Returns the current snapshot of `future` and re-renders the component when, and only when,
 * the snapshot changes (a state change, a new item, a progress report). With `undefined`
 * (no work submitted yet) it returns `undefined`. A future that finished before the
 * component rendered shows its final snapshot.
 *
 * `future.subscribe` and `future.getSnapshot` are bound and stable, so React subscribes once
 * per future and re-subscribes only when you pass another one.
 *
 * @example
 * ```ts
 * import type { CallFuture } from 'reactive-futures';
 * import { useFuture } from 'reactive-futures/react';
 *
 * function useSquareLabel(future: CallFuture<number> | undefined): string {
 *   const snapshot = useFuture(future);
 *   if (snapshot === undefined) return 'Press the button';
 *   return snapshot.state === 'completed' ? `The square is ${snapshot.result}` : snapshot.state;
 * }
 * ```
 */
export function useFuture<TFuture extends BaseFuture>(future: TFuture): SnapshotOf<TFuture>;
export function useFuture<TFuture extends BaseFuture>(
  future: TFuture | undefined,
): SnapshotOf<TFuture> | undefined;
export function useFuture(future: BaseFuture | undefined): unknown {
  const getSnapshot = future?.getSnapshot ?? noSnapshot;
  return useSyncExternalStore(future?.subscribe ?? subscribeToNothing, getSnapshot, getSnapshot);
}
