/**
 * Vue: a future's snapshot as a shallow ref.
 */
import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { BaseFuture } from '../../core/base-future.js';
import type { SnapshotOf } from '../snapshot-of.js';

/**
 * A composable: returns a shallow ref holding the snapshot of `future`, replaced on each real
 * change. `future` may be a future, a ref or a getter; when it changes to another future the
 * ref follows it, and with `undefined` the ref holds `undefined`. Call it in `setup()` or
 * inside an `effectScope()`: the subscription ends when that scope is disposed (the component
 * unmounts), and only then.
 *
 * @example
 * ```ts
 * import { effectScope, shallowRef } from 'vue';
 * import type { CallFuture } from 'reactive-futures';
 * import { useFuture } from 'reactive-futures/vue';
 *
 * const future = shallowRef<CallFuture<number>>();
 * const scope = effectScope();
 * const snapshot = scope.run(() => useFuture(future));
 * // snapshot?.value is undefined until future.value is set
 * scope.stop();
 * ```
 */
export function useFuture<TFuture extends BaseFuture>(
  future: MaybeRefOrGetter<TFuture>,
): Readonly<ShallowRef<SnapshotOf<TFuture>>>;
export function useFuture<TFuture extends BaseFuture>(
  future: MaybeRefOrGetter<TFuture | undefined>,
): Readonly<ShallowRef<SnapshotOf<TFuture> | undefined>>;
export function useFuture(future: MaybeRefOrGetter<BaseFuture | undefined>): Readonly<ShallowRef<unknown>> {
  const snapshot = shallowRef<unknown>();
  // A watcher made in a scope stops with it, and stopping runs the cleanup: unsubscribe.
  watch(
    () => toValue(future),
    (current, _previous, onCleanup) => {
      snapshot.value = current?.getSnapshot();
      if (current === undefined) return;
      onCleanup(
        current.subscribe(() => {
          snapshot.value = current.getSnapshot();
        }),
      );
    },
    { immediate: true, flush: 'sync' },
  );
  return snapshot;
}
