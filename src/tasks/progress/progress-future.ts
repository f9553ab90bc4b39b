/**
 * The future of a progress call: each report of the background arrives as a `progress` event.
 */
import { BaseFuture } from '../../core/base-future.js';
import type { FutureSnapshot } from '../../core/snapshot.js';
import { PROGRESS } from './progress-task.js';

/** What a progress future's snapshot adds. */
export interface ProgressSnapshotExtras<TProgress> {
  /** The latest progress report, or `undefined` before the first. */
  readonly progress: TProgress | undefined;
}

/** The events a progress future fires beyond those of every future. */
export interface ProgressEvents<TProgress> {
  /** Each progress report, in order. */
  readonly progress: TProgress;
}

const PROGRESS_EVENTS = ['progress'] as const;

/**
 * The future of a background call that reports progress. `observe('progress', e => e.new)`
 * fires once per report, in order; the snapshot holds the latest one.
 *
 * @typeParam TEvents - custom messages the function sends with `currentTask().send(type, arg)`, if any.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unnecessary-type-parameters -- `{}`: no custom messages; TEvents types observe()
export class ProgressFuture<TResult, TProgress, TEvents extends object = {}> extends BaseFuture<
  TResult,
  ProgressEvents<TProgress> & TEvents
> {
  #progress: TProgress | undefined;

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

  protected override eventNames(): readonly string[] {
    return PROGRESS_EVENTS;
  }

  protected override snapshotExtras(): ProgressSnapshotExtras<TProgress> {
    return { progress: this.#progress };
  }
}
