/**
 * One progress value for several futures, as an external store (`subscribe`/`getSnapshot`).
 */
import type { BaseFuture } from '../../core/base-future.js';
import { notifyAll, reportToConsole } from '../../core/observers.js';
import { MapFuture } from './map-future.js';

/** The combined progress of several futures. */
export interface CombinedProgressSnapshot {
  /** How many futures are combined. */
  readonly total: number;
  /** How many are done (`completed`, `failed` or `cancelled`). */
  readonly done: number;
  /** How many `completed`. */
  readonly completed: number;
  /** How many `failed`. */
  readonly failed: number;
  /** How many `cancelled`. */
  readonly cancelled: number;
  /** The mean of each future's fraction done, from 0 to 1 (1 when there are none). */
  readonly fraction: number;
}

/** The combined progress of several futures: an external store that follows them. */
export interface CombinedProgress {
  /** Calls `listener` after each change; returns a function that unsubscribes. Can be passed on unbound. */
  readonly subscribe: (listener: () => void) => () => void;
  /** The current snapshot: frozen, and the same object until the next change. Can be passed on unbound. */
  readonly getSnapshot: () => CombinedProgressSnapshot;
  /** Stops following the futures (idempotent). */
  dispose(): void;
}

/**
 * How far one future is, from 0 to 1: 1 when done; for a {@link MapFuture}, the share of its
 * inputs that finished; otherwise 0.
 */
export function defaultFraction(future: BaseFuture): number {
  if (future.done) return 1;
  if (future instanceof MapFuture) {
    const { completed, failed, total } = future.progress;
    return total === 0 ? 0 : (completed + failed) / total;
  }
  return 0;
}

/**
 * Combines the progress of `futures` into one snapshot, updated whenever one of them changes.
 * Each future counts for the same share; `fractionOf` says how far one is (the default knows
 * map futures; pass one that reads your progress futures' reports).
 *
 * @example
 * ```ts
 * const progress = combineProgress([images, thumbnails]);
 * progress.subscribe(() => bar.update(progress.getSnapshot().fraction));
 * ```
 */
export function combineProgress<TFuture extends BaseFuture>(
  futures: readonly TFuture[],
  fractionOf: (future: TFuture) => number = defaultFraction,
): CombinedProgress {
  const listeners = new Set<() => void>();
  let snapshot: CombinedProgressSnapshot | undefined;
  const onChange = (): void => {
    snapshot = undefined;
    notifyAll(listeners, reportToConsole);
  };
  const stops = futures.map((future) => future.subscribe(onChange));
  return {
    subscribe: (listener) => {
      const registration = (): void => listener();
      listeners.add(registration);
      return () => {
        listeners.delete(registration);
      };
    },
    getSnapshot: () => {
      snapshot ??= Object.freeze(summarize(futures, fractionOf));
      return snapshot;
    },
    dispose: () => {
      for (const stop of stops.splice(0)) stop();
      listeners.clear();
    },
  };
}

function summarize<TFuture extends BaseFuture>(
  futures: readonly TFuture[],
  fractionOf: (future: TFuture) => number,
): CombinedProgressSnapshot {
  let completed = 0;
  let failed = 0;
  let cancelled = 0;
  let sum = 0;
  for (const future of futures) {
    if (future.state === 'completed') completed++;
    else if (future.state === 'failed') failed++;
    else if (future.state === 'cancelled') cancelled++;
    sum += Math.min(1, Math.max(0, fractionOf(future)));
  }
  const total = futures.length;
  return {
    total,
    done: completed + failed + cancelled,
    completed,
    failed,
    cancelled,
    fraction: total === 0 ? 1 : sum / total,
  };
}
