/**
 * Immutable snapshots of a future, for the external-store contract (`useSyncExternalStore`).
 */
import type { ExceptionInfo } from './marshal-error.js';

/** A future that is waiting or executing: it can still be cancelled. */
export interface PendingSnapshot {
  readonly state: 'waiting' | 'executing';
  readonly cancellable: true;
  /** Whether `cancel({ force: true })` would have an effect: `false` once a force was requested. */
  readonly forceCancellable: boolean;
  readonly done: false;
}
/** A future whose cancellation was requested. */
export interface CancellingSnapshot {
  readonly state: 'cancelling';
  readonly cancellable: false;
  /** Whether `cancel({ force: true })` would still have an effect (escalation): `false` once a force was requested. */
  readonly forceCancellable: boolean;
  readonly done: false;
}
/** A completed future, with its result. */
export interface CompletedSnapshot<TResult> {
  readonly state: 'completed';
  readonly cancellable: false;
  readonly forceCancellable: false;
  readonly done: true;
  readonly result: TResult;
}
/** A failed future, with the error its task raised. */
export interface FailedSnapshot {
  readonly state: 'failed';
  readonly cancellable: false;
  readonly forceCancellable: false;
  readonly done: true;
  readonly exception: ExceptionInfo;
}
/** A cancelled future. */
export interface CancelledSnapshot {
  readonly state: 'cancelled';
  readonly cancellable: false;
  readonly forceCancellable: false;
  readonly done: true;
}

/**
 * A frozen view of a future, a discriminated union on `state`: `result` exists only when
 * `'completed'`, `exception` only when `'failed'`. `TExtra` holds what a future kind adds
 * (the latest progress report, the latest item).
 */
export type FutureSnapshot<TResult = unknown, TExtra extends object = object> = (
  PendingSnapshot | CancellingSnapshot | CompletedSnapshot<TResult> | FailedSnapshot | CancelledSnapshot
) &
  Readonly<TExtra>;
