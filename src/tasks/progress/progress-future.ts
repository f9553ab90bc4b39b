/**
 * The future of a progress call: each report of the background arrives as a `progress` event.
 */
import { BaseFuture } from '../../core/base-future.js';
import type { ChangeEvent } from '../../core/observers.js';
import type { FutureSnapshot } from '../../core/snapshot.js';
import { PROGRESS } from './progress-task.js';

/** What a progress future's snapshot adds. */
export interface ProgressSnapshotExtras<TProgress> {
  /** The latest progress report, or `undefined` before the first. */
  readonly progress: TProgress | undefined;
}

/**
 * The future of a background call that reports progress. `observe('progress', e => e.new)`
 * fires once per report, in order; the snapshot holds the latest one.
 */
export class ProgressFuture<TResult, TProgress> extends BaseFuture<TResult> {
  #progress: TProgress | undefined;

  /** Observes `'progress'` (each report), or any other name as in {@link BaseFuture.observe}. */
  override observe(name: 'progress', handler: (event: ChangeEvent<TProgress>) => void): () => void;
  override observe(name: string, handler: (event: ChangeEvent) => void): () => void;
  override observe(name: string, handler: (event: ChangeEvent<never>) => void): () => void {
    return super.observe(name, handler as (event: ChangeEvent) => void);
  }

  /** {@inheritDoc BaseFuture.getSnapshot} */
  declare readonly getSnapshot: () => FutureSnapshot<TResult, ProgressSnapshotExtras<TProgress>>;

  protected override dispatch(type: string, arg: unknown): void {
    if (type !== PROGRESS) {
      super.dispatch(type, arg);
      return;
    }
    this.#progress = arg as TProgress;
    this.invalidateSnapshot();
    this.emit('progress', arg);
  }

  protected override snapshotExtras(): ProgressSnapshotExtras<TProgress> {
    return { progress: this.#progress };
  }
}
