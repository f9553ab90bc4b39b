/**
 * Running tasks in Node child processes: a pool of `child_process.fork`ed children, for
 * isolation of memory and crashes.
 *
 * Message path: the platform-neutral `WorkerPool` posts run and cancel requests to a child
 * over IPC; in the child, a relay on the main thread hands them to a worker thread running
 * the reactive-futures runtime, and sets the task's shared cancel flag on a cancel request;
 * the runtime's batched reports travel back the same way. See `child-entry.ts`.
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { assertExecArgv } from '../exec-argv.js';
import { PooledContext, type PooledContextOptions } from '../pool/pooled-context.js';
import { processPoolWorker, type ProcessWorkerOptions } from './process-pool-worker.js';

/** One task per child: a crash or a forced cancel then ends only that task. */
const TASKS_PER_CHILD = 1;

/** What to check when child processes cannot start. */
const START_HINT =
  'Check the `resourceLimits` option of the context (too little memory) and its `execArgv` ' +
  '(the parent process’s by default: a `--import` or `--require` preload that fails in children).';

/** Options of `new ProcessContext()`. */
export interface ProcessContextOptions extends PooledContextOptions, ProcessWorkerOptions {
  /**
   * How many tasks run at once, one per child process. Children start when first needed.
   * @default the machine's available parallelism
   */
  readonly maxWorkers?: number;
  /**
   * Iteration backpressure: how many items an iteration may have produced that did not reach
   * its future yet before it pauses (until the main thread catches up, or it is cancelled).
   * @default 16384
   */
  readonly maxUndeliveredItems?: number;
}

/**
 * Runs tasks in Node child processes. A task that crashes its process (uncaught error,
 * `process.exit()`, out of memory, a kill signal) fails with a `WorkerCrashedError`; other
 * tasks are unaffected and the child is replaced. Idle children never keep the parent alive,
 * and children exit when the parent does.
 *
 * Each child runs tasks in a worker thread of its own, so `cancelled()` in a busy loop sees a
 * cancel request at once, as in a {@link WorkerContext}. Values cross processes by structured
 * clone: `transfer()` copies instead of moving, and shared memory cannot be sent.
 *
 * @example
 * ```ts
 * const context = new ProcessContext({ maxWorkers: 2 });
 * const executor = new Executor({ context });
 * const future = submitCall(executor, tasks.square, 12);
 * await future.settled();
 * await executor.shutdown();
 * await context.close(); // kills the children; resolves when they are gone
 * ```
 */
export class ProcessContext extends PooledContext<ProcessContextOptions> {
  readonly #children: Set<ChildProcess>;

  /** @throws {TypeError} when an option is invalid. */
  constructor(options: ProcessContextOptions = {}) {
    const children = new Set<ChildProcess>();
    super(options, (checked) => {
      if (checked.execArgv !== undefined) assertExecArgv(checked.execArgv, 'child process');
      return {
        defaultMaxWorkers: availableParallelism(),
        tasksPerWorker: TASKS_PER_CHILD,
        maxUndeliveredItems: checked.maxUndeliveredItems ?? 16_384,
        createWorker: processPoolWorker(checked, TASKS_PER_CHILD, {
          started: (child) => children.add(child),
          ended: (child) => children.delete(child),
        }),
        schedule: setImmediate,
        startFailureHint: START_HINT,
      };
    });
    this.#children = children;
  }

  /**
   * The process ids of the child processes alive now (including one being killed), for
   * diagnostics and tests: e.g. to check that none is left after {@link ProcessContext.close}.
   */
  get processIds(): readonly number[] {
    return [...this.#children].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Kills every child process; resolves once they are all gone. Idempotent. */
  override close(): Promise<void> {
    // Idle children are unref'd, so nothing else may keep this process alive until they are
    // gone: without this, `await context.close()` at the end of a script could never settle.
    const keepAlive = setInterval(() => undefined, 60_000);
    return super.close().finally(() => clearInterval(keepAlive));
  }
}
