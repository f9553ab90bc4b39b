/**
 * The snapshot type of a future kind, shared by every framework binding.
 */
import type { BaseFuture } from '../core/base-future.js';

/**
 * What `future.getSnapshot()` returns for a future of type `TFuture`: a `FutureSnapshot`
 * plus what the kind adds (`latestItem` and `itemCount` for iterations, `progress` for
 * progress calls).
 *
 * @example
 * ```ts
 * import type { IterationFuture } from 'reactive-futures';
 * import type { SnapshotOf } from 'reactive-futures/react';
 *
 * type Snapshot = SnapshotOf<IterationFuture<number, string>>;
 * const show = (snapshot: Snapshot): string =>
 *   snapshot.state === 'completed' ? snapshot.result : `${snapshot.itemCount} items so far`;
 * ```
 */
export type SnapshotOf<TFuture extends BaseFuture> = ReturnType<TFuture['getSnapshot']>;
