export { combineProgress, type CombinedProgress, type CombinedProgressSnapshot } from './combine-progress.js';
export { MapFuture } from './map-future.js';
export type {
  InputOf,
  MapEvents,
  MapFailure,
  MapFunction,
  MapItem,
  MapOptions,
  MapProgress,
  MapSnapshotExtras,
  OutputOf,
} from './map-types.js';
export { submitMap } from './submit-map.js';
