/**
 * The message protocol, as tagged unions.
 *
 * A task tells its future what happens through {@link TaskMessage}s. A well-behaved task
 * sends exactly one of these sequences (`*`: zero or more):
 *
 *     abandoned
 *     started, sent*, returned
 *     started, sent*, raised
 *
 * (a `sentMany` stands for as many `sent`s as it has `args`).
 *
 * Contexts guarantee that sequence even when a worker dies or is terminated, by making up
 * the missing messages. {@link WorkerRequest} and {@link WorkerReport} are how the pool of a
 * worker context talks to the runtime inside each worker.
 */
import type { ExceptionInfo } from './marshal-error.js';

/** The task began and was not cancelled beforehand. */
export interface StartedMessage {
  readonly type: 'started';
}
/** The task was cancelled before it began; it never ran. */
export interface AbandonedMessage {
  readonly type: 'abandoned';
}
/** A custom message of the task: `TaskContext.send(messageType, arg)`. */
export interface SentMessage {
  readonly type: 'sent';
  readonly messageType: string;
  readonly arg: unknown;
}
/**
 * Consecutive custom messages of one type, in order: the same as one {@link SentMessage} per
 * element of `args`. Workers send a fast stream of items this way.
 */
export interface SentManyMessage {
  readonly type: 'sentMany';
  readonly messageType: string;
  readonly args: readonly unknown[];
}
/** The task returned `value`. */
export interface ReturnedMessage {
  readonly type: 'returned';
  readonly value: unknown;
}
/** The task raised, or its worker died under it. */
export interface RaisedMessage {
  readonly type: 'raised';
  readonly exception: ExceptionInfo;
}

/** A message from a task to its future. */
export type TaskMessage =
  StartedMessage | AbandonedMessage | SentMessage | SentManyMessage | ReturnedMessage | RaisedMessage;

/** The type of a message that ends a task: no message of that task follows it. */
export type FinalMessageType = 'abandoned' | 'returned' | 'raised';

/** Whether `message` is the last message of its task. */
export function isFinalMessage(message: TaskMessage): boolean {
  return message.type === 'abandoned' || message.type === 'returned' || message.type === 'raised';
}

/**
 * What a message carries, as a user knows it ("The result of the task", "An item of the
 * iteration"…), to open an error about a value that could not be sent.
 */
export function describeCarried(message: TaskMessage): string {
  if (message.type === 'returned') return 'The result of the task';
  if (message.type !== 'sent' && message.type !== 'sentMany') return 'A message of the task';
  if (message.messageType === 'generated') return 'An item of the iteration';
  if (message.messageType === 'progress') return 'A progress report of the task';
  return `A \`${message.messageType}\` message sent by the task`;
}

/** Where a task's function is found, in a form that can be sent to a worker. */
export type TaskLocation =
  | { readonly kind: 'module'; readonly url: string; readonly name: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'source'; readonly source: string };

/**
 * Main thread to worker: from now on, `ref` stands for the function at `location`. The pool
 * sends each distinct location to a worker once, before the first run request that uses it;
 * later requests carry only the small integer (cheaper to clone than the location). A run
 * request uses the definitions the worker holds when it receives the request.
 */
export interface DefineRequest {
  readonly type: 'define';
  /** A number the pool gave the location, unique within its pool. */
  readonly ref: number;
  readonly location: TaskLocation;
  /**
   * A location number the worker may drop: the pool keeps a bounded number of locations
   * defined on each worker, and defines a dropped one again before a later task uses it.
   */
  readonly forget?: number;
}
/** A string that is equal for equal locations: a key for maps of locations. */
export function locationKey(location: TaskLocation): string {
  switch (location.kind) {
    case 'builtin':
      return `builtin:${location.name}`;
    case 'source':
      return `source:${location.source}`;
    case 'module':
      return `module:${location.name}@${location.url}`;
  }
}

/** Main thread to worker: run a task. */
export interface RunRequest {
  readonly type: 'run';
  /** The task's id, unique within its pool. */
  readonly id: number;
  /** The task's slot in the worker's shared cancellation flags. */
  readonly slot: number;
  /** The runner: the `ref` of a {@link DefineRequest} sent earlier to this worker. */
  readonly runner: number;
  /** The runner's arguments; those at `taskArguments` are `ref`s of defined locations, to resolve. */
  readonly args: readonly unknown[];
  readonly taskArguments: readonly number[];
  /**
   * Backpressure: how many items an iteration may have sent that the main thread has not
   * delivered yet (counted in the shared task flags); at the bound the generator is paused.
   * Absent: no bound.
   */
  readonly maxUndelivered?: number;
}
/** Main thread to worker: cancellation of task `id` was requested (aborts its signal). */
export interface CancelRequest {
  readonly type: 'cancel';
  readonly id: number;
}
/** A message from the main thread to a worker. */
export type WorkerRequest = DefineRequest | RunRequest | CancelRequest;

/**
 * Several requests in one `postMessage`, in order: what the pool queued for a worker in one
 * turn of the main event loop (coalescing saves a message, and a wake-up of the worker, per
 * task when many tasks are in flight).
 */
export type WorkerRequestBatch = readonly WorkerRequest[];

/** One task message on the wire, tagged with its task's id. */
export type TaskReport = TaskMessage & { readonly id: number };

/** Worker to main thread: the task messages produced since the last report, in order. */
export type WorkerReport = readonly TaskReport[];
