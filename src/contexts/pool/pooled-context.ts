/**
 * The shared base of the contexts that run tasks in a {@link WorkerPool} (Node worker threads,
 * Node child processes, Web Workers): the options they all take, their checks, and the
 * delegation to the pool. Each context is a thin configuration of it: its platform's worker,
 * its defaults and its docs.
 */
import type {
  MessageReceiver,
  ParallelContext,
  RunOptions,
  TaskControl,
} from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { normalizeTimeLimit } from '../../core/time-limit.js';
import { assertOptions, assertPositiveInteger } from '../../core/validation.js';
import type { CreatePoolWorker } from './pool-worker.js';
import { WorkerPool } from './worker-pool.js';

/** Options every pooled context takes. */
export interface PooledContextOptions {
  /**
   * How many tasks run at once, one per worker. Workers start when first needed.
   * @default the platform's available parallelism
   */
  readonly maxWorkers?: number;
  /**
   * The time limit of every task, in ms, counted from its start. When it runs out the future
   * ends `failed` with a `TaskTimeoutError`: cancellation is requested, and a task that has not
   * ended 500 ms later has its worker terminated (the pool replaces it). `Infinity` means no
   * limit; a limit above 2³¹−1 ms is waited out in full.
   * @default no limit
   */
  readonly taskTimeout?: number;
}

/** What a platform gives the shared base: its worker and its defaults. */
export interface PoolPlatform {
  /** `maxWorkers` when the options give none. */
  readonly defaultMaxWorkers: number;
  /** How many tasks a worker holds at once (validated here when the user chose it). */
  readonly tasksPerWorker: number;
  /** Iteration backpressure bound (validated here when the user chose it); `undefined` for none. */
  readonly maxUndeliveredItems: number | undefined;
  /** Starts a worker. */
  readonly createWorker: CreatePoolWorker;
  /** Runs a callback in a later task of the event loop. */
  readonly schedule: (callback: () => void) => void;
  /** What to check when workers cannot start. */
  readonly startFailureHint: string;
}

/** A context that runs tasks in a pool of workers. UI thread only. */
export abstract class PooledContext<TOptions extends PooledContextOptions> implements ParallelContext {
  readonly #pool: WorkerPool;

  /** @throws {TypeError} when an option is invalid. */
  protected constructor(options: TOptions, platform: (options: TOptions) => PoolPlatform) {
    assertOptions('options', options);
    const taskTimeout = normalizeTimeLimit('taskTimeout', options.taskTimeout);
    const settings = platform(options);
    const maxWorkers = options.maxWorkers ?? settings.defaultMaxWorkers;
    assertPositiveInteger('maxWorkers', maxWorkers);
    assertPositiveInteger('tasksPerWorker', settings.tasksPerWorker);
    if (settings.maxUndeliveredItems !== undefined) {
      assertPositiveInteger('maxUndeliveredItems', settings.maxUndeliveredItems);
    }
    this.#pool = new WorkerPool({
      maxWorkers,
      taskTimeout,
      tasksPerWorker: settings.tasksPerWorker,
      maxUndeliveredItems: settings.maxUndeliveredItems,
      createWorker: settings.createWorker,
      schedule: settings.schedule,
      startFailureHint: settings.startFailureHint,
    });
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#pool.closed;
  }

  /** How many workers are alive now. */
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

  /** Terminates every worker; resolves once they are gone. Idempotent. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
