export { useFuture } from './use-future.js';
export type { SnapshotOf } from '../snapshot-of.js';
