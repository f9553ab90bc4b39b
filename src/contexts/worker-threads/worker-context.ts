/**
 * The default context in Node: a pool of `worker_threads`.
 */
import { availableParallelism } from 'node:os';
import { assertExecArgv } from '../exec-argv.js';
import { PooledContext, type PooledContextOptions } from '../pool/pooled-context.js';
import { nodePoolWorker, type NodeWorkerOptions } from './node-pool-worker.js';

/** Options of `new WorkerContext()`. */
export interface WorkerContextOptions extends PooledContextOptions, NodeWorkerOptions {
  /**
   * How many tasks run at once, one per worker thread. Workers start when first needed.
   * @default the machine's available parallelism
   */
  readonly maxWorkers?: number;
  /**
   * How many tasks a worker thread may hold at once. A worker whose tasks are short (under
   * about 1 ms each) is sent up to this many ahead, so it never idles waiting for a round trip;
   * longer tasks go one per worker, and one more ahead once every worker is busy (a worker that
   * goes idle takes such a task over), so none waits behind a long task while a worker is idle.
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

/** What to check when worker threads cannot start. */
const START_HINT =
  'Check the `resourceLimits` option of the context (too little memory) and its `execArgv` ' +
  '(the parent process’s by default: a `--import` or `--require` preload that fails in workers).';

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
export class WorkerContext extends PooledContext<WorkerContextOptions> {
  /** @throws {TypeError} when an option is invalid. */
  constructor(options: WorkerContextOptions = {}) {
    super(options, (checked) => {
      if (checked.execArgv !== undefined) assertExecArgv(checked.execArgv, 'worker thread');
      return {
        defaultMaxWorkers: availableParallelism(),
        tasksPerWorker: checked.tasksPerWorker ?? 256,
        maxUndeliveredItems: checked.maxUndeliveredItems ?? 16_384,
        createWorker: nodePoolWorker(checked),
        schedule: setImmediate,
        startFailureHint: START_HINT,
      };
    });
  }
}
