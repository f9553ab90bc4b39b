export { BackgroundIteration, type BackgroundIterationOptions } from './background-iteration.js';
export { IterationFuture, type IterationEvents, type IterationSnapshotExtras } from './iteration-future.js';
export type { ItemOf, IterableFunction, IterationResultOf } from './iteration-types.js';
export { submitIteration } from './submit-iteration.js';
