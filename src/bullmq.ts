/**
 * `reactive-futures/bullmq`: the distributed context (SPEC §3.8b). The same futures over
 * processes and machines, through a BullMQ queue on Redis. Needs the optional peer
 * dependencies `bullmq` and `ioredis`.
 */
export { BullMQContext, type BullMQContextOptions } from './contexts/bullmq/bullmq-context.js';
export {
  Runner,
  startRunner,
  type RunnerCloseOptions,
  type RunnerOptions,
} from './contexts/bullmq/runner.js';
export type { RedisConnection } from './contexts/bullmq/connection.js';
export {
  ContextLostError,
  RedisUnavailableError,
  RunnerLostError,
  RunnerStoppedError,
  TaskLostError,
} from './contexts/bullmq/errors.js';
