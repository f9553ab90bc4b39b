/**
 * The runtime inside every worker: receives run and cancel requests, runs tasks, and reports
 * their messages in batches. Platform-neutral: each worker entry binds it to its port.
 */
import { TaskResolutionError } from '../core/errors.js';
import type { RunRequest, TaskLocation, TaskMessage, TaskReport, WorkerRequest } from '../core/messages.js';
import type { AnyFunction } from '../core/task-reference.js';
import { TaskFlags } from '../core/task-flags.js';
import { transferablesOf } from '../core/transfer.js';
import { DeliveryWindow } from './delivery-window.js';
import { executeTask } from './execute-task.js';
import { Outbox, type OutboxOptions, type PostReport } from './outbox.js';
import { prepareTask, type ResolveFunction } from './prepare-task.js';
import { resolveTask } from './resolve-task.js';
import { BackgroundTaskContext } from './task-context.js';
import { WorkerTask } from './worker-task.js';

/**
 * What a worker entry can tell the runtime about uncaught errors (Node: which task made the
 * callback or promise, see `contexts/worker-threads/task-origins.ts`), so that an error raised by
 * a callback or promise that another, ended task left behind fails no other task.
 */
export interface UncaughtErrors {
  /**
   * Runs `run` (a task's whole life in the worker) as task `id`: the timers, handles, listeners
   * and promises it makes belong to that task.
   */
  within<T>(id: number, run: () => T): T;
  /**
   * Gives the entry the runtime's judge of uncaught errors, called once. The entry calls
   * `judge(error, origin)` from its uncaught-exception and unhandled-rejection handlers, with
   * the id of the task that made the callback that threw, or the promise that rejected (a
   * negative number for a task that already ended, `undefined` for none); `true` means the
   * error was reported and the worker runs on, `false` that it must end the worker.
   */
  listen(judge: (error: unknown, origin: number | undefined) => boolean): void;
}

/** What a worker entry gives the runtime. */
export interface RuntimeOptions extends OutboxOptions {
  /** Posts a batch of reports to the main thread. */
  readonly post: PostReport;
  /** The worker's shared task flags, when shared memory is available. */
  readonly flags?: SharedArrayBuffer | undefined;
  /**
   * Whether the main thread counts in `flags` the report batches of this worker it reads (a
   * `WorkerContext`'s pool does); the outbox then holds the ends of short tasks while the main
   * thread is behind, so that they travel together.
   */
  readonly batchesCounted?: boolean | undefined;
  /**
   * Where the platform can tell which task an uncaught error came from. Without it, an
   * uncaught error ends the worker, as the platform does by default.
   */
  readonly uncaughtErrors?: UncaughtErrors | undefined;
}

/**
 * Starts the runtime; returns the handler for requests from the main thread, one at a time (the
 * requests of a batch are handed in order, and the outbox coalesces their reports).
 */
export function startRuntime(options: RuntimeOptions): (request: WorkerRequest) => void {
  const flags = options.flags === undefined ? undefined : new TaskFlags(options.flags);
  // Tasks sent ahead wait here, in order, behind the running one: a worker runs one task at a
  // time, so that `maxWorkers` bounds how many run at once even when tasks are async.
  const tasks = new Map<number, WorkerTask>();
  let running: WorkerTask | undefined;
  /** The request of the task started before the running one. */
  let previous: RunRequest | undefined;
  const outbox = new Outbox(
    options.post,
    (id) => tasks.get(id)?.context.requestCancel(),
    options,
    () => {
      // Whether the next task is of the same function as the running one (sent ahead behind it).
      for (const task of tasks.values()) {
        if (task !== running && task.state === 'queued') {
          return running !== undefined && sameFunction(task.request, running.request);
        }
      }
      return false;
    },
    options.batchesCounted === true ? flags : undefined,
    // Whether the running task is of the same function as the one before it.
    () => running !== undefined && previous !== undefined && sameFunction(previous, running.request),
  );
  // The locations the pool defined, by number; each is resolved at its first use, then kept
  // until the pool says to forget it (the pool bounds how many a worker holds).
  const definitions = new Map<number, Definition>();

  const startNext = (): void => {
    running = undefined;
    for (const task of tasks.values()) {
      if (task.state !== 'queued') continue;
      start(task);
      return;
    }
  };
  let lastStarted: RunRequest | undefined;
  const start = (task: WorkerTask): void => {
    previous = lastStarted;
    lastStarted = task.request;
    running = task;
    const run = (): Promise<void> =>
      task.start().finally(() => {
        tasks.delete(task.id);
        if (running === task) startNext();
      });
    void (options.uncaughtErrors === undefined ? run() : options.uncaughtErrors.within(task.id, run));
  };

  options.uncaughtErrors?.listen((error, origin) => {
    // An error from a callback or promise that the running task created is that task's: it ends
    // the worker (and so fails the task), as the platform would. So does one of no task's
    // making while a task runs (the worker's state cannot be vouched for). One that a task which
    // already ended left behind fails no task.
    if (running !== undefined && (origin === undefined || origin === running.id)) return false;
    reportStrayError(error);
    return true;
  });

  const handle = (request: WorkerRequest): void => {
    if (request.type === 'define') {
      if (request.forget !== undefined) definitions.delete(request.forget);
      definitions.set(request.ref, { location: request.location, fn: undefined });
      return;
    }
    if (request.type === 'cancel') {
      const task = tasks.get(request.id);
      if (task === undefined) return;
      task.context.requestCancel();
      // A queued task that is cancelled ends at once (as abandoned), without waiting its turn.
      if (task.state === 'queued') {
        void task.start().finally(() => tasks.delete(task.id));
      }
      return;
    }
    const { id, slot, maxUndelivered } = request;
    // The definitions are taken now: the pool may tell the worker to forget one before this
    // task's turn comes.
    const resolve = bindDefinitions(request, definitions);
    // The backpressure window asks the context, made just below, whether the task was stopped.
    const cancelled = (): boolean => context.cancelled();
    const context: BackgroundTaskContext = new BackgroundTaskContext(
      // Each check also lets the outbox post what a long synchronous loop left waiting.
      flags === undefined ? () => (outbox.poll(), false) : () => (outbox.poll(), flags.cancelRequested(slot)),
      (messageType, arg) => outbox.pushSent(id, messageType, arg, transferablesOf(arg)),
      flags === undefined || maxUndelivered === undefined
        ? undefined
        : () => new DeliveryWindow(flags, slot, maxUndelivered, () => outbox.flush(), cancelled),
    );
    const task = new WorkerTask(id, request, context, () =>
      executeTask(
        context,
        () => prepareTask(request.runner, request.args, request.taskArguments, resolve),
        // Each message is a new object (see `EmitMessage`): tag it rather than copy it.
        (message, transfer) => {
          (message as TaskMessage & { id?: number }).id = id;
          outbox.push(message as TaskReport, transfer);
        },
        () => flags?.markStarted(slot) ?? true,
      ),
    );
    tasks.set(id, task);
    if (running === undefined) start(task);
  };
  return handle;
}

/** Whether two run requests name the same function: the same runner and task arguments, by location number. */
function sameFunction(a: RunRequest, b: RunRequest): boolean {
  return (
    a.runner === b.runner &&
    a.taskArguments.length === b.taskArguments.length &&
    a.taskArguments.every(
      (index, position) => index === b.taskArguments[position] && a.args[index] === b.args[index],
    )
  );
}

/** The resolver of a run request's locations, bound to the definitions held when it arrived. */
function bindDefinitions(request: RunRequest, definitions: ReadonlyMap<number, Definition>): ResolveFunction {
  const runner = definitions.get(request.runner);
  if (request.taskArguments.length === 0) {
    return (ref) => resolveDefinition(ref === request.runner ? runner : undefined, ref);
  }
  // A call's one task argument (its function): no map.
  if (request.taskArguments.length === 1) {
    const argumentRef = request.args[request.taskArguments[0] as number];
    const argument = definitions.get(argumentRef as number);
    return (ref) =>
      resolveDefinition(ref === request.runner ? runner : ref === argumentRef ? argument : undefined, ref);
  }
  const held = new Map<unknown, Definition | undefined>([[request.runner, runner]]);
  for (const index of request.taskArguments) {
    const ref = request.args[index];
    held.set(ref, definitions.get(ref as number));
  }
  return (ref) => resolveDefinition(held.get(ref), ref);
}

function resolveDefinition(
  definition: Definition | undefined,
  ref: unknown,
): AnyFunction | Promise<AnyFunction> {
  if (definition === undefined) {
    throw new TaskResolutionError(`The worker was sent no task location numbered ${String(ref)}.`);
  }
  if (definition.fn !== undefined) return definition.fn;
  const fn = resolveTask(definition.location);
  if (!(fn instanceof Promise)) return (definition.fn = fn);
  return fn.then((resolved) => (definition.fn = resolved));
}

/** Reports an uncaught error that no running task caused (see docs/faults.md). */
function reportStrayError(error: unknown): void {
  console.error(
    'reactive-futures: an error was thrown outside any running task: from a timer, event callback or promise that a task ' +
      'which had already ended left behind. No task failed, and the worker runs on. Catch errors inside the callbacks a task ' +
      'starts, and await or cancel them before the task returns. The error:',
    error,
  );
}

interface Definition {
  readonly location: TaskLocation;
  fn: AnyFunction | undefined;
}
