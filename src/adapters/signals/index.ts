export { futureSignal, type FutureSignal } from './future-signal.js';
export type { SnapshotOf } from '../snapshot-of.js';
