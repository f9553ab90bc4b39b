/**
 * The errors of the distributed context. Each has a literal `name`, which is what a failed
 * future's `exception.type` shows.
 */

/**
 * The runner process that ran a task stopped renewing its lease (killed, crashed, its host or
 * network lost) before the task finished.
 */
export class RunnerLostError extends Error {
  override readonly name = 'RunnerLostError';
}

/** The runner that ran a task was shut down (`runner.close()`, SIGTERM) before the task finished. */
export class RunnerStoppedError extends Error {
  override readonly name = 'RunnerStoppedError';
}

/**
 * Redis no longer knows a task (its job, or the record of its start, is gone): Redis restarted
 * without persistence, was flushed, or evicted keys.
 */
export class TaskLostError extends Error {
  override readonly name = 'TaskLostError';
}

/** Redis could not be reached for longer than the context's `unavailableTimeout`. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/**
 * The context that submitted a task stopped renewing its liveness key (its process died, stalled
 * for long, or lost Redis), so the runner stopped the task: nobody was left to receive its outcome.
 */
export class ContextLostError extends Error {
  override readonly name = 'ContextLostError';
}
