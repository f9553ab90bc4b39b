/**
 * The default context in Node: a pool of `worker_threads`.
 */
import { availableParallelism } from 'node:os';
import type { MessageReceiver, ParallelContext, TaskControl } from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { assertOptions, assertPositiveInteger } from '../../core/validation.js';
import { WorkerPool } from '../pool/worker-pool.js';
import { nodePoolWorker, type NodeWorkerOptions } from './node-pool-worker.js';

/** Options of `new WorkerContext()`. */
export interface WorkerContextOptions extends NodeWorkerOptions {
  /**
   * How many tasks run at once, one per worker thread. Workers start when first needed.
   * @default the machine's available parallelism
   */
  readonly maxWorkers?: number;
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
    this.#pool = new WorkerPool({
      maxWorkers,
      tasksPerWorker: 1,
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

  /** {@inheritDoc ParallelContext.run} */
  run(invocation: TaskInvocation, receive: MessageReceiver): TaskControl {
    return this.#pool.run(invocation, receive);
  }

  /** Terminates every worker thread. Idempotent. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}
