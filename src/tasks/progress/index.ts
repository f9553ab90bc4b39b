export { BackgroundProgress, type BackgroundProgressOptions } from './background-progress.js';
export { ProgressFuture, type ProgressEvents, type ProgressSnapshotExtras } from './progress-future.js';
export type {
  ArgumentsBeforeProgress,
  ProgressCallback,
  ProgressFunction,
  ProgressOf,
} from './progress-types.js';
export { submitProgress } from './submit-progress.js';
