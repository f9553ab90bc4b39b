/**
 * RxJS: a future's snapshots and an iteration's items as Observables.
 */
import { Observable } from 'rxjs';
import type { BaseFuture } from '../../core/base-future.js';
import { TaskFailedError } from '../../core/errors.js';
import type { IterationFuture } from '../../tasks/iteration/iteration-future.js';
import type { SnapshotOf } from '../snapshot-of.js';

/** Options of {@link snapshots$} and {@link items$}. */
export interface FutureObservableOptions {
  /**
   * Cancel the future when a subscriber unsubscribes before the future is done. Each
   * subscription that unsubscribes early cancels, so use it with a single subscriber (or
   * `share()`).
   * @default false
   */
  readonly cancelOnUnsubscribe?: boolean;
}

/**
 * An Observable of the snapshots of `future`: the current one at subscription, then one per
 * change; it completes after the final snapshot (`completed`, `failed` or `cancelled`, each
 * delivered as a value, never as an error). A future that is already done emits its final
 * snapshot and completes. Unsubscribing stops listening and does not cancel the future,
 * unless `cancelOnUnsubscribe` is set.
 *
 * @example
 * ```ts
 * import { Executor, InlineContext, submitCall } from 'reactive-futures';
 * import { snapshots$ } from 'reactive-futures/rxjs';
 * import { lastValueFrom, map, toArray } from 'rxjs';
 *
 * const executor = new Executor({ context: new InlineContext() });
 * const states = await lastValueFrom(
 *   snapshots$(submitCall(executor, () => 42)).pipe(map((snapshot) => snapshot.state), toArray()),
 * );
 * console.log(states); // [ 'waiting', 'executing', 'completed' ] (or 'waiting', 'completed' when delivered in one batch)
 * await executor.shutdown();
 * ```
 */
export function snapshots$<TFuture extends BaseFuture>(
  future: TFuture,
  options: FutureObservableOptions = {},
): Observable<SnapshotOf<TFuture>> {
  return new Observable<SnapshotOf<TFuture>>((subscriber) => {
    const emit = (): void => {
      const snapshot = future.getSnapshot() as SnapshotOf<TFuture>;
      subscriber.next(snapshot);
      if (snapshot.done) subscriber.complete();
    };
    emit();
    if (subscriber.closed) return undefined;
    const unsubscribe = future.subscribe(emit);
    return () => {
      unsubscribe();
      if (options.cancelOnUnsubscribe === true) future.cancel();
    };
  });
}

/**
 * An Observable of the items an iteration produces from the moment of subscription (items
 * that arrived earlier are not replayed; the snapshot keeps the latest as `latestItem`).
 * It completes when the future is `completed` and when it is `cancelled` (a cancelled
 * iteration simply ends; check the future's state if you need to tell them apart), and
 * errors with a {@link TaskFailedError} (holding the task's `exception`) when it is
 * `failed`. Unsubscribing stops listening and does not cancel the future, unless
 * `cancelOnUnsubscribe` is set.
 *
 * @example
 * ```ts
 * import { Executor, InlineContext, submitIteration } from 'reactive-futures';
 * import { items$ } from 'reactive-futures/rxjs';
 * import { lastValueFrom, toArray } from 'rxjs';
 *
 * const executor = new Executor({ context: new InlineContext() });
 * const future = submitIteration(executor, function* () {
 *   yield 1;
 *   yield 2;
 * });
 * console.log(await lastValueFrom(items$(future).pipe(toArray()))); // [ 1, 2 ]
 * await executor.shutdown();
 * ```
 */
export function items$<TItem>(
  future: IterationFuture<TItem, unknown>,
  options: FutureObservableOptions = {},
): Observable<TItem> {
  return new Observable<TItem>((subscriber) => {
    const end = (): void => {
      if (future.state === 'failed') subscriber.error(new TaskFailedError(future.exception));
      else subscriber.complete();
    };
    if (future.done) {
      end();
      return undefined;
    }
    const stopItems = future.observe('resultEvent', (event) => subscriber.next(event.new));
    const stopDone = future.observe('done', end);
    return () => {
      stopItems();
      stopDone();
      if (options.cancelOnUnsubscribe === true) future.cancel();
    };
  });
}
