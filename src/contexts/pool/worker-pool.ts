/**
 * A pool of workers behind the {@link ParallelContext} contract, for any platform that can
 * start a worker ({@link CreatePoolWorker}).
 *
 * Message path: `run` encodes the invocation and queues it; when a worker has a free slot the
 * task is posted to it with that slot's shared flags cleared; the worker's reports come back
 * in batches, are split per task and handed to each task's receiver. What happens to each task
 * (started, cancelled, timed out, its worker lost…) goes through its {@link PooledTask}, whose
 * lifecycle table (`task-lifecycle.ts`) decides what the future sees. This file only schedules:
 * which worker gets which task, starting and ending workers.
 */
import type { CancelOptions } from '../../core/base-future.js';
import type { WorkerExit } from '../../core/errors.js';
import type { ExceptionInfo } from '../../core/marshal-error.js';
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
import type { TaskInvocation } from '../../core/task-specification.js';
import { normalizeTimeLimit } from '../../core/time-limit.js';
import { NO_TRANSFERABLES } from '../../core/transfer.js';
import { encodeInvocation } from './encode-invocation.js';
import { LocationRefs } from './location-refs.js';
import {
  argumentException,
  closedException,
  crashException,
  forceBystanderException,
  forceCancelledException,
  startException,
  timeoutBystanderException,
} from './pool-errors.js';
import type { CreatePoolWorker } from './pool-worker.js';
import { PooledTask, type TaskHost } from './pooled-task.js';
import { PooledWorker, type PostFailed } from './pooled-worker.js';
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
  /**
   * What to check when workers cannot start, for the `WorkerStartError` message.
   * @default a generic hint
   */
  readonly startFailureHint?: string | undefined;
}

/**
 * A worker whose tasks take less than this on average (ms) is given more than one at a time
 * (up to `tasksPerWorker`), so that it never waits for a round trip between short tasks. Longer
 * tasks go one per worker while a worker is idle or can be started; once every worker is busy,
 * each that shares task flags with the pool gets one task ahead, so that it starts its next
 * task without a round trip to the main thread. The load stays balanced: a worker that goes
 * idle takes over a task sent ahead to another one that has not started it (`#stealFor`), so a
 * task never waits behind a long one while another worker is idle.
 */
const PIPELINE_BELOW_MS = 1;

/**
 * After this many workers in a row end before they are ready, the tasks waiting for a worker
 * fail with a `WorkerStartError` instead of the pool starting more.
 */
export const MAX_FAILED_STARTS = 3;

/** A pool of workers that runs tasks. UI thread only. */
export class WorkerPool implements ParallelContext {
  readonly #options: WorkerPoolOptions;
  readonly #queue = new TaskQueue<PooledTask>();
  readonly #workers = new Set<PooledWorker>();
  readonly #terminations = new Set<Promise<void>>();
  readonly #refs = new LocationRefs();
  readonly #host: TaskHost;
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | undefined;
  /** How many workers in a row ended before they were ready. */
  #failedStarts = 0;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#host = {
      schedule: options.schedule,
      timeoutGrace: options.timeoutGrace ?? 500,
      terminateForTimeout: (worker, task) => {
        const timeoutBystander = timeoutBystanderException();
        this.#terminate(worker, (other) => (other === task ? undefined : timeoutBystander));
        this.#pump();
      },
    };
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
   * @throws {TypeError} when `options.timeout` is not a time limit.
   */
  run(invocation: TaskInvocation, receive: MessageReceiver, options: RunOptions = {}): TaskControl {
    if (this.#closed) {
      throw new Error(
        'Cannot run a task: this context is closed. Create a new context (or executor) for more work.',
      );
    }
    const timeout =
      options.timeout === undefined
        ? this.#options.taskTimeout
        : normalizeTimeLimit('timeout', options.timeout);
    const task = new PooledTask(
      this.#nextId++,
      encodeInvocation(invocation, this.#refs),
      receive,
      timeout,
      this.#host,
    );
    this.#queue.push(task);
    this.#pump();
    return { cancel: (options) => this.#cancel(task, options) };
  }

  /** Terminates every worker; unfinished tasks end as `raised` (or `abandoned` if cancelled). */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const closed = closedException();
    for (const task of this.#queue.drain()) task.kill(closed);
    for (const worker of [...this.#workers]) this.#terminate(worker, () => closed);
    this.#closing = Promise.all(this.#terminations).then(() => undefined);
    return this.#closing;
  }

  #cancel(task: PooledTask, options: CancelOptions | undefined): void {
    if (options?.force !== true) {
      if (task.cancel()) this.#queue.remove(task);
      return;
    }
    if (task.state === 'finished') return;
    const worker = task.worker;
    if (worker === undefined) {
      task.cancel();
      this.#queue.remove(task);
      return;
    }
    // Not started yet: take it back, and leave the worker (and the task it runs) alone.
    if (task.withdraw()) return;
    task.cancel();
    const forced = forceCancelledException();
    const bystander = forceBystanderException();
    this.#terminate(worker, (other) => (other === task ? forced : bystander));
    this.#pump();
  }

  #pump(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const worker = this.#workerWithRoom();
      if (worker === undefined) return;
      this.#send(this.#queue.shift() as PooledTask, worker);
    }
  }

  #workerWithRoom(): PooledWorker | undefined {
    let best: PooledWorker | undefined;
    // Once every worker is busy: one longer task ahead for a worker that can give it back (see PIPELINE_BELOW_MS).
    let ahead: PooledWorker | undefined;
    for (const worker of this.#workers) {
      if (!worker.hasRoom) continue;
      if (worker.tasks.size === 0) return worker;
      if (worker.serviceTime < PIPELINE_BELOW_MS) {
        if (best === undefined || worker.tasks.size < best.tasks.size) best = worker;
      } else if (ahead === undefined && worker.tasks.size === 1 && worker.flags !== undefined) {
        ahead = worker;
      }
    }
    if (this.#workers.size < this.#options.maxWorkers) return this.#startWorker();
    return best ?? ahead;
  }

  #startWorker(): PooledWorker {
    const buffer = TaskFlags.allocate(this.#options.tasksPerWorker);
    const worker = new PooledWorker(this.#options.tasksPerWorker, buffer, this.#postFailed);
    worker.handle = this.#options.createWorker(buffer, {
      ready: () => this.#onReady(worker),
      report: (report) => this.#onReport(worker, report),
      exit: (exit, reason) => this.#onExit(worker, exit, reason),
    });
    this.#workers.add(worker);
    return worker;
  }

  #send(task: PooledTask, worker: PooledWorker): void {
    const slot = worker.take(task);
    task.send(worker, slot);
    const { runner, args, taskArguments, refs, locations, transfer } = task.invocation;
    // A worker is sent each location before the first task that uses it (and again if it was
    // told to forget it); a replaced worker starts with none.
    for (const define of worker.defined.defineFor(refs, locations))
      worker.post(define, NO_TRANSFERABLES, task);
    const maxUndelivered = worker.flags === undefined ? undefined : this.#options.maxUndeliveredItems;
    const request: WorkerRequest =
      maxUndelivered === undefined
        ? { type: 'run', id: task.id, slot, runner, args, taskArguments }
        : { type: 'run', id: task.id, slot, runner, args, taskArguments, maxUndelivered };
    worker.post(request, transfer, task);
  }

  /** A request could not be posted: a run request that cannot be cloned fails its task. */
  readonly #postFailed: PostFailed = (worker, request, task, error) => {
    // Otherwise the worker is going away, and its exit ends the task.
    if (request.type !== 'run' || task.worker !== worker || task.state !== 'sentAhead') return;
    // A built-in runner's first argument is the user's function: count the user's arguments.
    const firstUserArgument = task.invocation.runnerLocation.kind === 'builtin' ? 1 : 0;
    worker.release(task);
    task.kill(argumentException(request.args.slice(firstUserArgument), error, firstUserArgument));
    this.#pump();
  };

  #onReady(worker: PooledWorker): void {
    worker.ready = true;
    this.#failedStarts = 0;
  }

  #onReport(worker: PooledWorker, report: WorkerReport): void {
    if (worker.ended) return;
    // Tells the worker's outbox that this batch is being read (see TaskFlags.markBatchRead).
    worker.flags?.markBatchRead();
    // A worker that reports is listening, whether or not its `ready` came first.
    if (!worker.ready) this.#onReady(worker);
    // Most reports are about one task (its `started` and result): messages are grouped per
    // task without a Map until a second task appears.
    let firstTask: PooledTask | undefined;
    const firstMessages: TaskMessage[] = [];
    let others: Map<PooledTask, TaskMessage[]> | undefined;
    for (const received of report) {
      const task = worker.tasks.get(received.id);
      if (task === undefined) {
        // A task another worker took over: this worker's `abandoned` for it frees its slot.
        if (isFinalMessage(received)) worker.releaseDetached(received.id);
        continue;
      }
      const message = task.accept(received);
      if (isFinalMessage(received)) {
        worker.release(task);
        worker.recordFinish();
      }
      if (message === undefined) continue;
      let messages: TaskMessage[];
      if (firstTask === undefined || task === firstTask) {
        firstTask = task;
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
      messages.push(message);
    }
    if (firstTask !== undefined) this.#deliver(worker, firstTask, firstMessages);
    if (others !== undefined) for (const [task, messages] of others) this.#deliver(worker, task, messages);
    this.#pump();
    if (worker.tasks.size === 0 && this.#workers.has(worker)) this.#stealFor(worker);
  }

  /**
   * Gives `idle` a task that was sent ahead to another worker which has not started it (it
   * waits there behind a running task), if there is one.
   */
  #stealFor(idle: PooledWorker): void {
    for (const worker of this.#workers) {
      if (worker === idle) continue;
      for (const task of worker.tasks.values()) {
        if (task.steal(this.#nextId)) {
          this.#nextId += 1;
          this.#send(task, idle);
          return;
        }
      }
    }
  }

  #deliver(worker: PooledWorker, task: PooledTask, messages: TaskMessage[]): void {
    task.deliver(messages);
    if (this.#options.maxUndeliveredItems !== undefined) this.#acknowledge(worker, task, messages);
  }

  /** Tells a task paused for backpressure how many of its items were delivered. */
  #acknowledge(worker: PooledWorker, task: PooledTask, messages: readonly TaskMessage[]): void {
    if (task.worker !== worker || task.state === 'finished' || worker.flags === undefined) return;
    let items = 0;
    for (const message of messages) {
      if (message.type === 'sentMany') items += message.args.length;
      else if (message.type === 'sent') items += 1;
    }
    if (items === 0) return;
    worker.flags.addDelivered(task.slot, items);
    worker.handle.delivered?.(task.slot, items);
  }

  #onExit(worker: PooledWorker, exit: WorkerExit, reason: string | undefined): void {
    if (worker.ended) return;
    if (!worker.ready && !this.#closed) {
      this.#onFailedStart(worker, exit, reason);
      return;
    }
    const crash = crashException(exit, reason);
    this.#end(worker, () => crash);
    this.#pump();
  }

  /**
   * A worker ended before it was ready, so it started none of its tasks: they wait again; after
   * {@link MAX_FAILED_STARTS} such workers in a row, every waiting task fails instead.
   */
  #onFailedStart(worker: PooledWorker, exit: WorkerExit, reason: string | undefined): void {
    this.#failedStarts += 1;
    this.#end(worker, () => undefined, true);
    if (this.#failedStarts >= MAX_FAILED_STARTS) {
      const failure = startException(
        this.#failedStarts,
        exit,
        reason,
        this.#options.startFailureHint ?? 'Check the options the workers are started with.',
      );
      this.#failedStarts = 0;
      for (const task of this.#queue.drain()) task.kill(failure);
      return;
    }
    this.#pump();
  }

  /**
   * Stops `worker` on purpose; its tasks end with `exceptionFor(task)` (`undefined`: the task's
   * own outcome, such as its time-out), or run again elsewhere.
   */
  #terminate(worker: PooledWorker, exceptionFor: (task: PooledTask) => ExceptionInfo | undefined): void {
    const termination = worker.handle.terminate().catch(() => undefined);
    this.#terminations.add(termination);
    void termination.then(() => this.#terminations.delete(termination));
    this.#end(worker, exceptionFor);
  }

  /**
   * Forgets `worker`: the tasks it may have started end, the others wait for another worker
   * (all of them when `startedNone`: it never was ready).
   */
  #end(
    worker: PooledWorker,
    exceptionFor: (task: PooledTask) => ExceptionInfo | undefined,
    startedNone = false,
  ): void {
    worker.ended = true;
    this.#workers.delete(worker);
    const requeued: PooledTask[] = [];
    for (const task of worker.tasks.values()) {
      if (task.state === 'sentAhead' && (startedNone || !task.mayHaveStarted) && !this.#closed) {
        task.requeue();
        requeued.push(task);
      } else {
        task.kill(exceptionFor(task));
      }
    }
    worker.tasks.clear();
    this.#queue.unshiftAll(requeued);
  }
}
