/**
 * The default context in browsers: a pool of module Web Workers.
 *
 * Cancellation: when the page is cross-origin isolated (served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`),
 * each worker shares its task flags with the page through a `SharedArrayBuffer`, and a task in
 * a synchronous loop sees a cancellation at its next `cancelled()` / `progress()` / next item.
 * Without isolation there is no shared memory: the request travels as a message, which a task
 * reads only when it yields to the worker's event loop (an `await`, an async generator's next
 * item); `signal` is aborted then too. `cancel({ force: true })` works either way: it
 * terminates the worker.
 */
import type {
  MessageReceiver,
  ParallelContext,
  RunOptions,
  TaskControl,
} from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { assertOptions, assertPositiveInteger, expectedMessage } from '../../core/validation.js';
import { normalizeTimeLimit } from '../../core/time-limit.js';
import { WorkerPool } from '../pool/worker-pool.js';
import {
  createDefaultWebWorker,
  webPoolWorker,
  webWorkerAt,
  type CreateWebWorker,
} from './web-pool-worker.js';

declare function setTimeout(callback: () => void, ms?: number): unknown;
declare const navigator: { readonly hardwareConcurrency?: number } | undefined;

/** Options of the browser `new WorkerContext()`. */
export interface WorkerContextOptions {
  /**
   * How many tasks run at once, one per Web Worker. Workers start when first needed.
   * @default `navigator.hardwareConcurrency` (4 when unknown)
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
   * The URL of a module worker script that calls `serveTasks()` (from
   * `reactive-futures/browser-worker`).
   * @default the library's own entry, which imports task modules by URL
   */
  readonly workerUrl?: URL | string;
  /**
   * Makes each worker; use it with a bundler so that the bundler sees the worker entry.
   * Not together with `workerUrl`.
   * @default a module worker at `workerUrl`
   * @example
   * ```ts
   * new WorkerContext({
   *   createWorker: () => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' }),
   * });
   * ```
   */
  readonly createWorker?: CreateWebWorker;
}

/**
 * Runs tasks in module Web Workers. A worker that hits an uncaught error fails only the task
 * it ran (with `WorkerCrashedError`) and is replaced.
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

  /** @throws {TypeError} when an option is invalid, or both `workerUrl` and `createWorker` are given. */
  constructor(options: WorkerContextOptions = {}) {
    assertOptions('options', options);
    const maxWorkers = options.maxWorkers ?? defaultMaxWorkers();
    assertPositiveInteger('maxWorkers', maxWorkers);
    const taskTimeout = normalizeTimeLimit('taskTimeout', options.taskTimeout);
    this.#pool = new WorkerPool({
      taskTimeout,
      maxWorkers,
      tasksPerWorker: 1,
      createWorker: webPoolWorker(workerFactory(options)),
      schedule: (callback) => setTimeout(callback, 0),
    });
  }

  /** Whether {@link WorkerContext.close} was called. */
  get closed(): boolean {
    return this.#pool.closed;
  }

  /** How many Web Workers are alive now. */
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

  /** Terminates every worker. Idempotent. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

function workerFactory(options: WorkerContextOptions): CreateWebWorker {
  const { workerUrl, createWorker } = options;
  if (createWorker !== undefined && workerUrl !== undefined) {
    throw new TypeError('Pass either `workerUrl` or `createWorker` to WorkerContext, not both.');
  }
  if (createWorker !== undefined) {
    if (typeof createWorker !== 'function') {
      throw new TypeError(expectedMessage('createWorker', 'a function returning a Worker', createWorker));
    }
    return createWorker;
  }
  if (workerUrl !== undefined) {
    if (typeof workerUrl !== 'string' && !(workerUrl instanceof URL)) {
      throw new TypeError(expectedMessage('workerUrl', 'a URL or a string', workerUrl));
    }
    return webWorkerAt(workerUrl);
  }
  return createDefaultWebWorker;
}

function defaultMaxWorkers(): number {
  const count = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
  return typeof count === 'number' && count > 0 ? count : 4;
}
