/**
 * The runtime inside every worker: receives run and cancel requests, runs tasks, and reports
 * their messages in batches. Platform-neutral: each worker entry binds it to its port.
 */
import { TaskResolutionError } from '../core/errors.js';
import type {
  TaskLocation,
  TaskMessage,
  TaskReport,
  WorkerRequest,
  WorkerRequestBatch,
} from '../core/messages.js';
import type { AnyFunction } from '../core/task-reference.js';
import { TaskFlags } from '../core/task-flags.js';
import { collectTransferables, type Transferable } from '../core/transfer.js';
import { DeliveryWindow } from './delivery-window.js';
import { executeTask } from './execute-task.js';
import { Outbox, type OutboxOptions, type PostReport } from './outbox.js';
import { prepareTask } from './prepare-task.js';
import { resolveTask } from './resolve-task.js';
import { BackgroundTaskContext } from './task-context.js';

/** What a worker entry gives the runtime. */
export interface RuntimeOptions extends OutboxOptions {
  /** Posts a batch of reports to the main thread. */
  readonly post: PostReport;
  /** The worker's shared task flags, when shared memory is available. */
  readonly flags?: SharedArrayBuffer | undefined;
}

/**
 * Starts the runtime; returns the handler for requests from the main thread: one request, or
 * a batch of them (handled in order, their reports coalesced by the outbox).
 */
export function startRuntime(options: RuntimeOptions): (request: WorkerRequest | WorkerRequestBatch) => void {
  const flags = options.flags === undefined ? undefined : new TaskFlags(options.flags);
  const running = new Map<number, BackgroundTaskContext>();
  const outbox = new Outbox(options.post, (id) => running.get(id)?.requestCancel(), options);
  // The locations the pool defined, by number; each is resolved at its first use, then kept.
  const definitions = new Map<number, Definition>();
  const resolveRef = (ref: unknown): AnyFunction | Promise<AnyFunction> => {
    const definition = definitions.get(ref as number);
    if (definition === undefined) {
      throw new TaskResolutionError(`The worker was sent no task location numbered ${String(ref)}.`);
    }
    if (definition.fn !== undefined) return definition.fn;
    const fn = resolveTask(definition.location);
    if (!(fn instanceof Promise)) return (definition.fn = fn);
    return fn.then((resolved) => (definition.fn = resolved));
  };

  // Tasks sent ahead wait here: a worker runs one task at a time, so that `maxWorkers` bounds
  // how many run at once even when tasks are async.
  const waiting = new Map<number, () => Promise<void>>();
  let busy = false;
  const startNext = (): void => {
    const next = waiting.entries().next();
    if (next.done === true) {
      busy = false;
      return;
    }
    const [id, start] = next.value;
    waiting.delete(id);
    busy = true;
    void start().finally(startNext);
  };

  const handle = (request: WorkerRequest): void => {
    if (request.type === 'define') {
      definitions.set(request.ref, { location: request.location, fn: undefined });
      return;
    }
    if (request.type === 'cancel') {
      running.get(request.id)?.requestCancel();
      // A waiting task that is cancelled ends at once (as abandoned), without waiting its turn.
      const start = waiting.get(request.id);
      if (start !== undefined) {
        waiting.delete(request.id);
        void start();
      }
      return;
    }
    const { id, slot } = request;
    const context = new BackgroundTaskContext(
      // Each check also lets the outbox post what a long synchronous loop left waiting.
      flags === undefined ? () => (outbox.poll(), false) : () => (outbox.poll(), flags.cancelRequested(slot)),
      (messageType, arg) =>
        outbox.pushSent(
          id,
          messageType,
          arg,
          typeof arg === 'object' && arg !== null ? collectTransferables([arg]) : NO_TRANSFER,
        ),
      flags === undefined || request.maxUndelivered === undefined
        ? undefined
        : new DeliveryWindow(flags, slot, request.maxUndelivered, () => outbox.flush()),
    );
    running.set(id, context);
    waiting.set(id, () =>
      executeTask(
        context,
        () => prepareTask(request.runner, request.args, request.taskArguments, resolveRef),
        // Each message is a new object (see `EmitMessage`): tag it rather than copy it.
        (message, transfer) => {
          (message as TaskMessage & { id?: number }).id = id;
          outbox.push(message as TaskReport, transfer);
        },
        () => flags?.markStarted(slot) ?? true,
      ).finally(() => running.delete(id)),
    );
    if (!busy) startNext();
  };
  return (request) => {
    if (!isBatch(request)) {
      handle(request);
      return;
    }
    for (const each of request) handle(each);
  };
}

const NO_TRANSFER: readonly Transferable[] = [];

function isBatch(request: WorkerRequest | WorkerRequestBatch): request is WorkerRequestBatch {
  return Array.isArray(request);
}

interface Definition {
  readonly location: TaskLocation;
  fn: AnyFunction | undefined;
}
