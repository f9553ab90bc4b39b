/**
 * Every error class of reactive-futures. Each has a literal `name`, so that it survives
 * marshalling across threads as `ExceptionInfo.type`, and is exported for `instanceof`.
 */

/**
 * Thrown inside a task by `progress()` (and available to any task) once cancellation was
 * requested. Catch it to clean up, then re-throw it.
 */
export class TaskCancelled extends Error {
  override readonly name = 'TaskCancelled';
  constructor(message = 'The task was cancelled', options?: ErrorOptions) {
    super(message, options);
  }
}

/** Thrown by `executor.submit()` (and `stop()`) when the executor is not running. */
export class ExecutorStoppedError extends Error {
  override readonly name = 'ExecutorStoppedError';
}

/**
 * A value could not be copied to or from a worker by structured clone: a function, a class
 * instance with private state, a DOM node, a value holding a socket, and so on.
 */
export class SerializationError extends Error {
  override readonly name = 'SerializationError';
}

/** Facts about a worker or child process that ended under a task. */
export interface WorkerExit {
  /** The exit code, when the worker exited by itself. */
  readonly exitCode: number | null;
  /** The signal that killed a child process, if one did. */
  readonly signal: string | null;
  /** Whether the worker ran out of memory. */
  readonly outOfMemory: boolean;
}

/**
 * The worker (thread or process) running a task died before the task finished: an uncaught
 * error outside the task's own flow, `process.exit()`, out of memory, or a kill signal.
 */
export class WorkerCrashedError extends Error implements WorkerExit {
  override readonly name = 'WorkerCrashedError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly outOfMemory: boolean;

  constructor(message: string, exit: WorkerExit, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exit.exitCode;
    this.signal = exit.signal;
    this.outOfMemory = exit.outOfMemory;
  }
}

/**
 * The workers of a context cannot start: several in a row ended before their runtime was
 * ready (too little memory in `resourceLimits`, a preload in `execArgv` that throws, a worker
 * script that does not load). The tasks waiting for a worker fail with it, instead of the pool
 * starting workers for ever; a later task tries again.
 */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  /** How many workers in a row failed to start. */
  readonly attempts: number;

  constructor(message: string, attempts: number, options?: ErrorOptions) {
    super(message, options);
    this.attempts = attempts;
  }
}

/**
 * A task ran longer than its `timeout` (or the context's `taskTimeout`). Cancellation was
 * requested when time ran out; a task that did not end soon after had its worker terminated.
 */
export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
  /** The time limit that ran out, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, timeout: number, options?: ErrorOptions) {
    super(message, options);
    this.timeout = timeout;
  }
}

/** A task reference or inline function could not be turned into a function in the worker. */
export class TaskResolutionError extends Error {
  override readonly name = 'TaskResolutionError';
}

/** `executor.shutdown({ timeout })` gave up before every task finished. */
export class ShutdownTimeoutError extends Error {
  override readonly name = 'ShutdownTimeoutError';
}

/** `waitFor` gave up before its condition held. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

/**
 * A future or executor was asked to make a transition its state machine forbids.
 * Users never see this unless reactive-futures has a bug.
 */
export class StateTransitionError extends Error {
  override readonly name = 'StateTransitionError';
  constructor(message: string, options?: ErrorOptions) {
    super(`${message}. This is a bug in reactive-futures; please report it.`, options);
  }
}

/**
 * The task of a future failed; thrown where a failure must surface as an exception, such as
 * from `IterationFuture.values()`. `exception` holds what the task raised.
 */
export class TaskFailedError extends Error {
  override readonly name = 'TaskFailedError';
  /** What the task raised, as marshalled from the background. */
  readonly exception: { readonly type: string; readonly message: string; readonly stack: string };

  constructor(exception: { readonly type: string; readonly message: string; readonly stack: string }) {
    super(`The task failed with ${exception.type}: ${exception.message}`);
    this.exception = exception;
  }
}
