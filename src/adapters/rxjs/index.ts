export { items$, snapshots$, type FutureObservableOptions } from './observables.js';
export type { SnapshotOf } from '../snapshot-of.js';
