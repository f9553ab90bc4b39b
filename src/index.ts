export {
  BaseFuture,
  type CancelCallback,
  type CancelOptions,
  type FutureEventMap,
  type FutureEventName,
  type FutureEvents,
} from './core/base-future.js';
export {
  ExecutorStoppedError,
  SerializationError,
  ShutdownTimeoutError,
  StateTransitionError,
  TaskCancelled,
  TaskFailedError,
  TaskResolutionError,
  TaskTimeoutError,
  WaitTimeoutError,
  WorkerCrashedError,
  WorkerStartError,
  type WorkerExit,
} from './core/errors.js';
export {
  Executor,
  type ExecutorObservable,
  type ExecutorOptions,
  type ShutdownOptions,
} from './core/executor.js';
export { RUNNING, STOPPED, STOPPING, EXECUTOR_STATES, type ExecutorState } from './core/executor-state.js';
export {
  CANCELLED,
  CANCELLING,
  COMPLETED,
  EXECUTING,
  FAILED,
  FUTURE_STATES,
  WAITING,
  type FutureState,
} from './core/future-state.js';
export type { ExceptionInfo } from './core/marshal-error.js';
export type { ChangeEvent, ChangeHandler, ErrorReporter } from './core/observers.js';
export type { MessageReceiver, ParallelContext, RunOptions, TaskControl } from './core/parallel-context.js';
export type {
  AbandonedMessage,
  RaisedMessage,
  ReturnedMessage,
  SentManyMessage,
  SentMessage,
  StartedMessage,
  TaskLocation,
  TaskMessage,
} from './core/messages.js';
export type {
  CancelledSnapshot,
  CancellingSnapshot,
  CompletedSnapshot,
  FailedSnapshot,
  FutureSnapshot,
  PendingSnapshot,
} from './core/snapshot.js';
export type { Runner, TaskContext, TaskInvocation, TaskSpecification } from './core/task-specification.js';
export {
  taskModule,
  type AnyFunction,
  type Task,
  type TaskModule,
  type TaskReference,
} from './core/task-reference.js';
export { transfer, type Transferable } from './core/transfer.js';
export { InlineContext, type InlineContextOptions } from './contexts/inline/inline-context.js';
export * from './tasks/call/index.js';
export * from './tasks/iteration/index.js';
export * from './tasks/progress/index.js';
export { type SubmitOptions, type SubmitTarget } from './tasks/submit-options.js';
export type { NotAGeneratorFunction } from './tasks/call/call-types.js';
export * from './tasks/map/index.js';
