export { useExecutor, type UseExecutor, type UseExecutorOptions } from './use-executor.js';
export { useFuture } from './use-future.js';
export { useFutureEvents } from './use-future-events.js';
export type { SnapshotOf } from '../snapshot-of.js';
