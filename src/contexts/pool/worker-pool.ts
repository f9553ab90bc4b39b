/**
 * A pool of workers behind the {@link ParallelContext} contract, for any platform that can
 * start a worker ({@link CreatePoolWorker}).
 *
 * Message path: `run` encodes the invocation and queues it; when a worker has a free slot the
 * task is posted to it with that slot's shared flags cleared; the worker's reports come back
 * in batches, are split per task and handed to each task's receiver. A cancel sets the shared
 * flag (seen by the task at its next check, with no message) and posts a `cancel` request
 * (which aborts the task's signal). When a worker dies or is terminated, the tasks it had not
 * started (its shared `started` flags tell) are queued again, and the others end with made-up
 * final messages, so every task's sequence stays valid and final.
 */
import type { CancelOptions } from '../../core/base-future.js';
import {
  SerializationError,
  TaskCancelled,
  TaskTimeoutError,
  WorkerCrashedError,
  type WorkerExit,
} from '../../core/errors.js';
import { marshalError, type ExceptionInfo } from '../../core/marshal-error.js';
import {
  isFinalMessage,
  type TaskMessage,
  type WorkerReport,
  type WorkerRequest,
} from '../../core/messages.js';
import type {
  MessageReceiver,
  ParallelContext,
  RunOptions,
  TaskControl,
} from '../../core/parallel-context.js';
import { TaskFlags } from '../../core/task-flags.js';
import { normalizeTimeLimit, startTimeLimit } from '../../core/time-limit.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import type { Transferable } from '../../core/transfer.js';
import { encodeInvocation, type EncodedInvocation } from './encode-invocation.js';
import { LocationRefs } from './location-refs.js';
import type { CreatePoolWorker, PoolWorker } from './pool-worker.js';
import { TaskQueue } from './task-queue.js';

/** Settings of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** How many workers run at once. */
  readonly maxWorkers: number;
  /** How many tasks each worker holds at once (one runs, the others wait there). */
  readonly tasksPerWorker: number;
  /** Starts a worker. */
  readonly createWorker: CreatePoolWorker;
  /** Runs `callback` in a later task of the event loop. */
  readonly schedule: (callback: () => void) => void;
  /**
   * Backpressure: how many items an iteration may have sent that were not yet delivered to its
   * future before it pauses. Needs workers that share the pool's task flags (shared memory).
   * @default no bound
   */
  readonly maxUndeliveredItems?: number | undefined;
  /**
   * The time limit of every task, in ms, counted from its start (normalized: `undefined` is no
   * limit); see {@link RunOptions.timeout}.
   * @default no limit
   */
  readonly taskTimeout?: number | undefined;
  /**
   * How long a task that ran out of time may take to end after cancellation was requested,
   * before its worker is terminated, in ms.
   * @default 500
   */
  readonly timeoutGrace?: number | undefined;
}

type TaskStatus = 'queued' | 'running' | 'finished';

interface PooledTask {
  readonly id: number;
  readonly invocation: EncodedInvocation;
  readonly receive: MessageReceiver;
  status: TaskStatus;
  worker: WorkerEntry | undefined;
  slot: number;
  cancelRequested: boolean;
  startedDelivered: boolean;
  readonly timeout: number | undefined;
  /** Clears the pending timeout or grace timer. */
  clearTimer: (() => void) | undefined;
  /** The exception that replaces the task's outcome once its time ran out. */
  timedOut: ExceptionInfo | undefined;
}

interface WorkerEntry {
  readonly handle: PoolWorker;
  readonly flags: TaskFlags | undefined;
  readonly freeSlots: number[];
  readonly tasks: Map<number, PooledTask>;
  /** The location numbers this worker has been sent (a `define` request each). */
  readonly defined: Set<number>;
  ended: boolean;
  /** Requests queued in this turn of the event loop, posted together (see {@link WorkerPool.#flush}). */
  readonly outgoing: OutgoingRequests;
  /** Moving average of the time the worker takes per task while busy, in ms; `Infinity` until known. */
  serviceTime: number;
  /** When the worker last finished a task, or became busy. */
  lastFinish: number;
}

interface OutgoingRequests {
  requests: WorkerRequest[];
  transfers: (readonly Transferable[])[];
  /** The task each request is for. */
  tasks: PooledTask[];
}

/**
 * A worker whose tasks take less than this on average (ms) is given more than one at a time
 * (up to `tasksPerWorker`), so that it never waits for a round trip between short tasks. Longer
 * tasks go one per worker, which keeps the load balanced: a task never waits behind a long one
 * while another worker is idle.
 */
const PIPELINE_BELOW_MS = 1;

/** A pool of workers that runs tasks. UI thread only. */
export class WorkerPool implements ParallelContext {
  readonly #options: WorkerPoolOptions;
  readonly #queue = new TaskQueue<PooledTask>();
  readonly #workers = new Set<WorkerEntry>();
  readonly #terminations = new Set<Promise<void>>();
  readonly #refs = new LocationRefs();
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  /** Whether {@link WorkerPool.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many workers are alive now. */
  get workerCount(): number {
    return this.#workers.size;
  }

  /**
   * Queues `invocation`; it starts as soon as a worker has room.
   *
   * @throws {Error} when the pool is closed.
   */
  run(invocation: TaskInvocation, receive: MessageReceiver, options: RunOptions = {}): TaskControl {
    if (this.#closed) {
      throw new Error(
        'Cannot run a task: this context is closed. Create a new context (or executor) for more work.',
      );
    }
    const task: PooledTask = {
      id: this.#nextId++,
      invocation: encodeInvocation(invocation, this.#refs),
      receive,
      status: 'queued',
      worker: undefined,
      slot: -1,
      cancelRequested: false,
      startedDelivered: false,
      timeout:
        options.timeout === undefined
          ? this.#options.taskTimeout
          : normalizeTimeLimit('timeout', options.timeout),
      clearTimer: undefined,
      timedOut: undefined,
    };
    this.#queue.push(task);
    this.#pump();
    return { cancel: (options) => this.#cancel(task, options) };
  }

  /** Terminates every worker; unfinished tasks end as `raised` (or `abandoned` if cancelled). */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const closedError = marshalError(
      new Error(
        'The context was closed while this task was unfinished. Close a context only after its executors have stopped.',
      ),
    );
    for (const task of this.#queue.drain()) this.#finish(task, closedError);
    for (const worker of [...this.#workers]) this.#terminate(worker, () => closedError);
    this.#closing = Promise.all(this.#terminations).then(() => undefined);
    return this.#closing;
  }

  #cancel(task: PooledTask, options: CancelOptions | undefined): void {
    if (task.status === 'finished') return;
    task.cancelRequested = true;
    if (task.status === 'queued') {
      this.#queue.remove(task);
      this.#finish(task, undefined);
      return;
    }
    const worker = task.worker as WorkerEntry;
    worker.flags?.requestCancel(task.slot);
    if (options?.force === true) {
      const forced = marshalError(new TaskCancelled('The task was terminated by cancel({ force: true })'));
      const bystander = marshalError(
        new WorkerCrashedError(
          'The worker running this task was terminated to force-cancel another task it held.',
          {
            exitCode: null,
            signal: null,
            outOfMemory: false,
          },
        ),
      );
      this.#terminate(worker, (other) => (other === task ? forced : bystander));
      this.#pump();
      return;
    }
    // Queued behind the task's run request, if that has not been posted yet.
    this.#post(worker, { type: 'cancel', id: task.id }, [], task);
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const worker = this.#workerWithRoom();
      if (worker === undefined) return;
      this.#dispatch(this.#queue.shift() as PooledTask, worker);
    }
  }

  #workerWithRoom(): WorkerEntry | undefined {
    let best: WorkerEntry | undefined;
    for (const worker of this.#workers) {
      if (worker.freeSlots.length === 0) continue;
      if (worker.tasks.size === 0) return worker;
      if (worker.serviceTime >= PIPELINE_BELOW_MS) continue;
      if (best === undefined || worker.tasks.size < best.tasks.size) best = worker;
    }
    if (this.#workers.size < this.#options.maxWorkers) return this.#startWorker();
    return best;
  }

  #startWorker(): WorkerEntry {
    const slots = this.#options.tasksPerWorker;
    const buffer = TaskFlags.allocate(slots);
    const entry: WorkerEntry = {
      handle: undefined as unknown as PoolWorker,
      flags: buffer === undefined ? undefined : new TaskFlags(buffer),
      freeSlots: Array.from({ length: slots }, (_, index) => slots - 1 - index),
      tasks: new Map(),
      defined: new Set(),
      ended: false,
      outgoing: { requests: [], transfers: [], tasks: [] },
      serviceTime: Infinity,
      lastFinish: 0,
    };
    (entry as { handle: PoolWorker }).handle = this.#options.createWorker(buffer, {
      report: (report) => this.#onReport(entry, report),
      exit: (exit, reason) => this.#onExit(entry, exit, reason),
    });
    this.#workers.add(entry);
    return entry;
  }

  #dispatch(task: PooledTask, worker: WorkerEntry): void {
    const slot = worker.freeSlots.pop() as number;
    worker.flags?.reset(slot);
    task.status = 'running';
    task.worker = worker;
    task.slot = slot;
    worker.tasks.set(task.id, task);
    if (worker.tasks.size === 1) {
      worker.handle.setActive(true);
      worker.lastFinish = performance.now();
    }
    const { runner, args, taskArguments, refs, transfer } = task.invocation;
    // A worker is sent each location once, before the first task that uses it; a replaced
    // worker starts with none.
    for (const ref of refs) {
      if (worker.defined.has(ref)) continue;
      worker.defined.add(ref);
      this.#post(worker, { type: 'define', ref, location: this.#refs.location(ref) }, NO_TRANSFER, task);
    }
    const maxUndelivered = worker.flags === undefined ? undefined : this.#options.maxUndeliveredItems;
    const request: WorkerRequest =
      maxUndelivered === undefined
        ? { type: 'run', id: task.id, slot, runner, args, taskArguments }
        : { type: 'run', id: task.id, slot, runner, args, taskArguments, maxUndelivered };
    this.#post(worker, request, transfer, task);
  }

  /**
   * Sends `request` (about `task`) to `worker`. Where the worker takes batches, requests made in
   * one turn of the event loop are queued and posted together at its end, in order.
   */
  #post(
    worker: WorkerEntry,
    request: WorkerRequest,
    transfer: readonly Transferable[],
    task: PooledTask,
  ): void {
    if (worker.handle.postMany === undefined) {
      this.#postOne(worker, request, transfer, task);
      return;
    }
    const outgoing = worker.outgoing;
    outgoing.requests.push(request);
    outgoing.transfers.push(transfer);
    outgoing.tasks.push(task);
    if (outgoing.requests.length === 1) queueMicrotask(() => this.#flush(worker));
  }

  /** Posts the requests queued for `worker`; if one cannot be cloned, only its task fails. */
  #flush(worker: WorkerEntry): void {
    const { requests, transfers, tasks } = worker.outgoing;
    worker.outgoing.requests = [];
    worker.outgoing.transfers = [];
    worker.outgoing.tasks = [];
    // Requests to a worker that ended are moot: its tasks were requeued or finished.
    if (worker.ended || requests.length === 0) return;
    try {
      (worker.handle.postMany as NonNullable<PoolWorker['postMany']>)(requests, transfers.flat());
      return;
    } catch {
      // A DataCloneError sends nothing: find the culprits by posting one by one.
    }
    requests.forEach((request, index) => {
      this.#postOne(worker, request, transfers[index] ?? [], tasks[index] as PooledTask);
    });
    this.#pump();
  }

  #postOne(
    worker: WorkerEntry,
    request: WorkerRequest,
    transfer: readonly Transferable[],
    task: PooledTask,
  ): void {
    try {
      worker.handle.post(request, transfer);
    } catch (error) {
      // The worker is going away (its exit ends the task); should it not, send the location again.
      if (request.type === 'define') worker.defined.delete(request.ref);
      if (request.type !== 'run') return;
      if (task.status !== 'running' || task.worker !== worker) return;
      // A built-in runner's first argument is the user's function: count the user's arguments.
      const firstUserArgument = task.invocation.runnerLocation.kind === 'builtin' ? 1 : 0;
      this.#finish(task, marshalError(argumentError(request.args.slice(firstUserArgument), error)));
    }
  }

  #onReport(worker: WorkerEntry, report: WorkerReport): void {
    if (worker.ended) return;
    // Most reports are about one task (its `started` and result): messages are grouped per
    // task without a Map until a second task appears.
    let firstTask: PooledTask | undefined;
    const firstMessages: TaskMessage[] = [];
    let others: Map<PooledTask, TaskMessage[]> | undefined;
    for (const message of report) {
      const task = worker.tasks.get(message.id);
      if (task === undefined) continue;
      if (message.type === 'started') {
        task.startedDelivered = true;
        if (task.timeout !== undefined) this.#startTimeout(task, task.timeout);
      }
      // Once its time ran out, a task's messages no longer count: its outcome is the timeout.
      if (task.timedOut !== undefined && !isFinalMessage(message)) continue;
      let messages: TaskMessage[];
      if (firstTask === undefined) {
        firstTask = task;
        messages = firstMessages;
      } else if (task === firstTask) {
        messages = firstMessages;
      } else {
        others ??= new Map();
        let forTask = others.get(task);
        if (forTask === undefined) {
          forTask = [];
          others.set(task, forTask);
        }
        messages = forTask;
      }
      messages.push(task.timedOut === undefined ? message : { type: 'raised', exception: task.timedOut });
      if (isFinalMessage(message)) {
        this.#release(task);
        this.#recordFinish(worker);
      }
    }
    if (firstTask !== undefined) this.#deliver(worker, firstTask, firstMessages);
    if (others !== undefined) for (const [task, messages] of others) this.#deliver(worker, task, messages);
    this.#pump();
  }

  #deliver(worker: WorkerEntry, task: PooledTask, messages: TaskMessage[]): void {
    task.receive(messages);
    if (this.#options.maxUndeliveredItems !== undefined) this.#acknowledge(worker, task, messages);
  }

  /** Tells a task paused for backpressure how many of its items were delivered. */
  #acknowledge(worker: WorkerEntry, task: PooledTask, messages: readonly TaskMessage[]): void {
    if (task.status !== 'running' || worker.flags === undefined) return;
    let items = 0;
    for (const message of messages) {
      if (message.type === 'sentMany') items += message.args.length;
      else if (message.type === 'sent') items += 1;
    }
    if (items === 0) return;
    worker.flags.addDelivered(task.slot, items);
    worker.handle.delivered?.(task.slot, items);
  }

  /** Starts `task`'s time limit: on expiry, requests cancellation, then terminates if ignored. */
  #startTimeout(task: PooledTask, timeout: number): void {
    task.clearTimer = startTimer(timeout, () => {
      const worker = task.worker;
      if (task.status !== 'running' || worker === undefined) return;
      const timedOut = marshalError(
        new TaskTimeoutError(
          `The task ran longer than its time limit of ${timeout} ms, so it was stopped. ` +
            'Raise the limit (the `timeout` of the task or the `taskTimeout` of the context), or split the work into smaller tasks.',
          timeout,
        ),
      );
      task.timedOut = timedOut;
      worker.flags?.requestCancel(task.slot);
      try {
        worker.handle.post({ type: 'cancel', id: task.id }, []);
      } catch {
        // The worker is going away; its exit ends the task.
      }
      task.clearTimer = startTimer(this.#options.timeoutGrace ?? 500, () => {
        if (task.status !== 'running' || task.worker !== worker) return;
        const bystander = marshalError(
          new WorkerCrashedError(
            'The worker running this task was terminated to stop another task it held that ran out of time.',
            { exitCode: null, signal: null, outOfMemory: false },
          ),
        );
        this.#terminate(worker, (other) => (other === task ? timedOut : bystander));
        this.#pump();
      });
    });
  }

  #onExit(worker: WorkerEntry, exit: WorkerExit, reason: string | undefined): void {
    if (worker.ended) return;
    const crash = marshalError(new WorkerCrashedError(describeExit(exit, reason), exit));
    this.#end(worker, () => crash);
    this.#pump();
  }

  /** Stops `worker` on purpose; its tasks end with `exceptionFor(task)`, or run again elsewhere. */
  #terminate(worker: WorkerEntry, exceptionFor: (task: PooledTask) => ExceptionInfo): void {
    const termination = worker.handle.terminate().catch(() => undefined);
    this.#terminations.add(termination);
    void termination.then(() => this.#terminations.delete(termination));
    this.#end(worker, exceptionFor);
  }

  #end(worker: WorkerEntry, exceptionFor: (task: PooledTask) => ExceptionInfo): void {
    worker.ended = true;
    this.#workers.delete(worker);
    const requeued: PooledTask[] = [];
    for (const task of worker.tasks.values()) {
      const started = task.startedDelivered || worker.flags?.started(task.slot) !== false;
      if (started || task.cancelRequested || this.#closed) {
        this.#finish(task, exceptionFor(task));
      } else {
        task.status = 'queued';
        task.worker = undefined;
        requeued.push(task);
      }
    }
    worker.tasks.clear();
    this.#queue.unshiftAll(requeued);
  }

  /** Updates `worker`'s average time per task, which decides whether it gets tasks ahead. */
  #recordFinish(worker: WorkerEntry): void {
    const now = performance.now();
    const elapsed = now - worker.lastFinish;
    worker.lastFinish = now;
    worker.serviceTime =
      worker.serviceTime === Infinity ? elapsed : worker.serviceTime * 0.75 + elapsed * 0.25;
  }

  #release(task: PooledTask): void {
    task.status = 'finished';
    task.clearTimer?.();
    task.clearTimer = undefined;
    const worker = task.worker;
    if (worker === undefined) return;
    worker.tasks.delete(task.id);
    worker.freeSlots.push(task.slot);
    // A worker that is ending stays referenced until it is gone (its termination is awaited).
    if (worker.tasks.size === 0 && !worker.ended) worker.handle.setActive(false);
  }

  /** Ends `task` with made-up final messages, delivered in a later event-loop task. */
  #finish(task: PooledTask, exception: ExceptionInfo | undefined): void {
    if (task.status === 'running') this.#release(task);
    task.status = 'finished';
    const messages: TaskMessage[] = [];
    if (task.cancelRequested && !task.startedDelivered) {
      messages.push({ type: 'abandoned' });
    } else {
      if (!task.startedDelivered) messages.push({ type: 'started' });
      messages.push({
        type: 'raised',
        exception: exception ?? marshalError(new TaskCancelled('The task was cancelled')),
      });
    }
    this.#options.schedule(() => task.receive(messages));
  }
}

const NO_TRANSFER: readonly Transferable[] = [];

/** Calls `callback` after `ms`; returns a function that cancels it. */
function startTimer(ms: number, callback: () => void): () => void {
  // The worker running the task keeps the process alive while it works; the timer need not.
  return startTimeLimit(ms, callback, { keepAlive: false });
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

function argumentError(args: readonly unknown[], cause: unknown): SerializationError {
  const index = args.findIndex((arg) => {
    try {
      structuredClone(arg);
      return false;
    } catch {
      return true;
    }
  });
  const reason = cause instanceof Error ? cause.message : String(cause);
  const which = index === -1 ? 'An argument of the task' : `Argument ${index} of the task`;
  return new SerializationError(
    `${which} could not be sent to the worker: ${reason}. Arguments cross to the worker by structured clone: ` +
      'pass plain data (objects, arrays, numbers, strings, typed arrays, Maps, Sets, Dates), and functions only as tasks.',
    { cause },
  );
}
