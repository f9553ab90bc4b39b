/**
 * The errors a pool makes up for tasks it ends itself, with their texts (fact, then fix).
 */
import {
  SerializationError,
  TaskCancelled,
  TaskTimeoutError,
  WorkerCrashedError,
  WorkerStartError,
  type WorkerExit,
} from '../../core/errors.js';
import { marshalError, type ExceptionInfo } from '../../core/marshal-error.js';
import { reasonOf } from '../../core/reason-of.js';

const NO_EXIT: WorkerExit = { exitCode: null, signal: null, outOfMemory: false };

/** The outcome of a task a cooperative cancel ended without a message of its own. */
export function cancelledException(): ExceptionInfo {
  return marshalError(new TaskCancelled('The task was cancelled'));
}

/** The outcome of a task ended by `cancel({ force: true })`. */
export function forceCancelledException(): ExceptionInfo {
  return marshalError(new TaskCancelled('The task was terminated by cancel({ force: true })'));
}

/** The outcome of a task whose worker was terminated to force-cancel another task it held. */
export function forceBystanderException(): ExceptionInfo {
  return marshalError(
    new WorkerCrashedError(
      'The worker running this task was terminated to force-cancel another task it held.',
      NO_EXIT,
    ),
  );
}

/** The outcome of a task whose worker was terminated to stop another task that ran out of time. */
export function timeoutBystanderException(): ExceptionInfo {
  return marshalError(
    new WorkerCrashedError(
      'The worker running this task was terminated to stop another task it held that ran out of time.',
      NO_EXIT,
    ),
  );
}

/** The outcome of a task still unfinished when its context was closed. */
export function closedException(): ExceptionInfo {
  return marshalError(
    new Error(
      'The context was closed while this task was unfinished. Close a context only after its executors have stopped.',
    ),
  );
}

/** The outcome of a task that ran out of its time limit of `timeout` ms. */
export function timeoutException(timeout: number): ExceptionInfo {
  return marshalError(
    new TaskTimeoutError(
      `The task ran longer than its time limit of ${timeout} ms, so it was stopped. ` +
        'Raise the limit (the `timeout` of the task or the `taskTimeout` of the context), or split the work into smaller tasks.',
      timeout,
    ),
  );
}

/** The outcome of the tasks of a worker that died under them. */
export function crashException(exit: WorkerExit, reason: string | undefined): ExceptionInfo {
  return marshalError(new WorkerCrashedError(describeExit(exit, reason), exit));
}

/**
 * The outcome of the tasks waiting for a worker when `attempts` workers in a row ended before
 * they were ready, the last as `exit` (with `reason`); `hint` says what to check.
 */
export function startException(
  attempts: number,
  exit: WorkerExit,
  reason: string | undefined,
  hint: string,
): ExceptionInfo {
  return marshalError(
    new WorkerStartError(
      `Workers could not start: ${attempts} in a row ended before they were ready, the last ${summarizeExit(exit, reason)}. ` +
        `${hint} The pool stopped retrying; a later task tries again.`,
      attempts,
    ),
  );
}

function summarizeExit(exit: WorkerExit, reason: string | undefined): string {
  if (exit.outOfMemory) return `out of memory${reason === undefined ? '' : ` (${reason})`}`;
  if (exit.signal !== null) return `killed by signal ${exit.signal}`;
  if (reason !== undefined) return `on ${reason}`;
  return `with exit code ${String(exit.exitCode)}`;
}

function describeExit(exit: WorkerExit, reason: string | undefined): string {
  const replaced = ' Other tasks are unaffected, and the pool replaces the worker.';
  if (exit.outOfMemory) {
    return (
      `The worker running this task ran out of memory${reason === undefined ? '' : ` (${reason})`}. ` +
      `Give workers more memory (the \`resourceLimits\` option of the context) or process the data in smaller pieces.${replaced}`
    );
  }
  if (exit.signal !== null) {
    return (
      `The worker running this task was killed by signal ${exit.signal}: something outside the task ended it, ` +
      `such as the operating system (often for lack of memory) or another process.${replaced}`
    );
  }
  if (reason !== undefined) {
    return (
      `The worker running this task stopped on an uncaught error outside the task's own flow (${reason}): ` +
      'one thrown from a timer or event callback, or a promise rejection that nothing handled. ' +
      `Catch errors inside the callbacks a task starts, and await or catch every promise it creates.${replaced}`
    );
  }
  return (
    `The worker running this task exited with code ${String(exit.exitCode)}: process.exit() was called, or the worker ended by itself. ` +
    `Return or throw from the task instead of exiting.${replaced}`
  );
}

/**
 * The outcome of a task whose run request could not be sent (`cause`); `args` are the user's,
 * from `offset` in the request (a `cause` may name the request's argument: `argumentIndex`).
 */
export function argumentException(args: readonly unknown[], cause: unknown, offset: number): ExceptionInfo {
  const named = (cause as { readonly argumentIndex?: unknown } | undefined)?.argumentIndex;
  const index =
    typeof named === 'number'
      ? named - offset
      : args.findIndex((arg) => {
          try {
            structuredClone(arg);
            return false;
          } catch {
            return true;
          }
        });
  const reason = reasonOf(cause);
  const which = index < 0 ? 'An argument of the task' : `Argument ${index} of the task`;
  return marshalError(
    new SerializationError(
      `${which} could not be sent to the worker: ${reason}. Arguments cross to the worker by structured clone: ` +
        'pass plain data (objects, arrays, numbers, strings, typed arrays, Maps, Sets, Dates), and functions only as tasks.',
      { cause },
    ),
  );
}
