/**
 * The default context in Node: a pool of `worker_threads`.
 */
import { availableParallelism } from 'node:os';
import type {
  MessageReceiver,
  ParallelContext,
  RunOptions,
  TaskControl,
} from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { assertOptions, assertPositiveInteger } from '../../core/validation.js';
import { normalizeTimeLimit } from '../../core/time-limit.js';
import { WorkerPool } from '../pool/worker-pool.js';
import { nodePoolWorker, type NodeWorkerOptions } from './node-pool-worker.js';

/** Options of `new WorkerContext()`. */
export interface WorkerContextOptions extends NodeWorkerOptions {
  /**
   * How many tasks run at once, one per worker thread. Workers start when first needed.
   * @default the machine's available parallelism
   */
  readonly maxWorkers?: number;
  /**
   * The time limit of every task, in ms, counted from its start. When it runs out the future
   * ends `failed` with a `TaskTimeoutError`: cancellation is requested, and a task that has not
   * ended 500 ms later has its worker terminated (the pool replaces it).
   * @default no limit
   */
  readonly taskTimeout?: number;
  /**
   * How many tasks a worker thread may hold at once. A worker whose tasks are short (under
   * about 1 ms each) is sent up to this many ahead, so it never idles waiting for a round trip;
   * longer tasks go one per worker, so none waits behind a long task while a worker is idle.
   * `1` never sends a task ahead.
   * @default 256
   */
  readonly tasksPerWorker?: number;
  /**
   * Backpressure for iterations: how many items a generator may have produced that the main
   * thread has not yet delivered to the future. At the bound the generator is paused (its
   * worker thread sleeps at no CPU cost, or, for an async generator, awaits) until the main
   * thread catches up, so memory stays bounded and the main thread is never flooded; a paused
   * generator still sees cancellation at once.
   * @default 16384
   */
  readonly maxUndeliveredItems?: number;
}

/**
 * Runs tasks in Node worker threads. Idle workers never keep the process alive; a worker that
 * dies fails only the task it ran, and is replaced.
 *
 * @example
 * ```ts
 * const context = new WorkerContext({ maxWorkers: 2 });
 * const executor = new Executor({ context });
 * // …
 * await executor.shutdown();
 * await context.close();
 * ```
 */
export class WorkerContext implements ParallelContext {
  readonly #pool: WorkerPool;

  /** @throws {TypeError} when an option is invalid. */
  constructor(options: WorkerContextOptions = {}) {
    assertOptions('options', options);
    const maxWorkers = options.maxWorkers ?? availableParallelism();
    assertPositiveInteger('maxWorkers', maxWorkers);
    const taskTimeout = normalizeTimeLimit('taskTimeout', options.taskTimeout);
    const tasksPerWorker = options.tasksPerWorker ?? 256;
    assertPositiveInteger('tasksPerWorker', tasksPerWorker);
    const maxUndeliveredItems = options.maxUndeliveredItems ?? 16_384;
    assertPositiveInteger('maxUndeliveredItems', maxUndeliveredItems);
    this.#pool = new WorkerPool({
      taskTimeout,
      maxWorkers,
      tasksPerWorker,
      maxUndeliveredItems,
      createWorker: nodePoolWorker(options),
      schedule: setImmediate,
    });
  }

  /** Whether {@link WorkerContext.close} was called. */
  get closed(): boolean {
    return this.#pool.closed;
  }

  /** How many worker threads are alive now. */
  get workerCount(): number {
    return this.#pool.workerCount;
  }

  /**
   * {@inheritDoc ParallelContext.run}
   * @param options - per-task options: `timeout` overrides the context's `taskTimeout`.
   */
  run(invocation: TaskInvocation, receive: MessageReceiver, options?: RunOptions): TaskControl {
    return this.#pool.run(invocation, receive, options);
  }

  /** Terminates every worker thread. Idempotent. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
