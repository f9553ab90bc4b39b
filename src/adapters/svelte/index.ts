export { futureStore, type FutureStore } from './future-store.js';
export type { SnapshotOf } from '../snapshot-of.js';
