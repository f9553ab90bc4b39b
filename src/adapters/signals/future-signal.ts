/**
 * Signals: a future's snapshot as a `@preact/signals-core` signal.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals-core';
import type { BaseFuture } from '../../core/base-future.js';
import type { SnapshotOf } from '../snapshot-of.js';

/** A read-only signal of a future's snapshot that can stop following the future. */
export interface FutureSignal<TSnapshot> extends ReadonlySignal<TSnapshot> {
  /** Stops following the future: the signal keeps its last value. Idempotent. */
  dispose(): void;
}

/**
 * A read-only signal whose value is the snapshot of `future`, updated on each real change.
 * Effects and computed signals that read `.value` re-run when it changes. The signal follows
 * the future until `dispose()` is called; a done future never changes again, so disposing
 * after it is done is optional.
 *
 * @example
 * ```ts
 * import { effect } from '@preact/signals-core';
 * import { Executor, InlineContext, submitCall } from 'reactive-futures';
 * import { futureSignal } from 'reactive-futures/signals';
 *
 * const executor = new Executor({ context: new InlineContext() });
 * const snapshot = futureSignal(submitCall(executor, () => 42));
 * const stop = effect(() => console.log(snapshot.value.state)); // logs 'waiting', later 'completed'
 * await executor.shutdown();
 * stop();
 * snapshot.dispose();
 * ```
 */
export function futureSignal<TFuture extends BaseFuture>(future: TFuture): FutureSignal<SnapshotOf<TFuture>> {
  const source = signal(future.getSnapshot() as SnapshotOf<TFuture>);
  const dispose = future.subscribe(() => {
    source.value = future.getSnapshot() as SnapshotOf<TFuture>;
  });
  return Object.assign(
    computed(() => source.value),
    { dispose },
  );
}
