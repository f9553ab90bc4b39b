/**
 * The browser context: a pool of module Web Workers, started from the worker entry the app
 * gives (`createWorker` or `workerUrl`). This is `WorkerContext` of
 * `reactive-futures/custom-worker`; the one of `reactive-futures` (default-worker-context.ts)
 * adds the library's own worker entry as the default. Kept apart so that a bundle of an app
 * with its own worker entry never contains the library's: bundlers emit a worker chunk for
 * every `new Worker(new URL(…))` in the modules they load, used or not.
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
import type { MessageReceiver, RunOptions, TaskControl } from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { expectedMessage } from '../../core/validation.js';
import { PooledContext, type PooledContextOptions } from '../pool/pooled-context.js';
import { IsolationWarning } from './isolation-warning.js';
import {
  WEB_WORKER_START_HINT,
  webPoolWorker,
  webWorkerAt,
  type CreateWebWorker,
} from './web-pool-worker.js';

declare function setTimeout(callback: () => void, ms?: number): unknown;
declare const navigator: { readonly hardwareConcurrency?: number } | undefined;

/** Options of the browser `new WorkerContext()`. */
export interface WorkerContextOptions extends PooledContextOptions {
  /**
   * How many tasks run at once, one per Web Worker. Workers start when first needed.
   * @default `navigator.hardwareConcurrency` (4 when unknown)
   */
  readonly maxWorkers?: number;
  /**
   * The URL of a module worker script that calls `serveTasks()` (from
   * `reactive-futures/browser-worker`).
   * @default from `reactive-futures`: the library's own entry, which imports task modules by
   * URL; from `reactive-futures/custom-worker`: none, `createWorker` or `workerUrl` is required
   */
  readonly workerUrl?: URL | string;
  /**
   * Makes each worker; use it with a bundler so that the bundler sees the worker entry.
   * Not together with `workerUrl`.
   * @default a module worker at `workerUrl`, or the library's own entry (see `workerUrl`)
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
 * Runs tasks in module Web Workers started from the app's own worker entry, which calls
 * `serveTasks()`. A worker that hits an uncaught error fails only the task it ran (with
 * `WorkerCrashedError`) and is replaced. This is the `WorkerContext` of
 * `reactive-futures/custom-worker`: `createWorker` or `workerUrl` is required, and a bundle of
 * the app contains no worker but the app's own. The `WorkerContext` of `reactive-futures`
 * also works with no options (the library's own worker entry).
 *
 * @example
 * ```ts
 * const context = new WorkerContext({
 *   maxWorkers: 2,
 *   createWorker: () => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' }),
 * });
 * const executor = new Executor({ context });
 * // …
 * await executor.shutdown();
 * await context.close();
 * ```
 */
export class WorkerContext extends PooledContext<WorkerContextOptions> {
  readonly #isolationWarning = new IsolationWarning();

  /**
   * @throws {TypeError} when an option is invalid, when both `workerUrl` and `createWorker` are
   * given, or neither.
   */
  constructor(options: WorkerContextOptions = {}) {
    super(options, (checked) => ({
      defaultMaxWorkers: defaultMaxWorkers(),
      tasksPerWorker: 1,
      maxUndeliveredItems: undefined,
      createWorker: webPoolWorker(workerFactory(checked)),
      schedule: (callback) => setTimeout(callback, 0),
      startFailureHint: WEB_WORKER_START_HINT,
    }));
  }

  /**
   * {@inheritDoc ParallelContext.run}
   * @param options - per-task options: `timeout` overrides the context's `taskTimeout`.
   */
  override run(invocation: TaskInvocation, receive: MessageReceiver, options?: RunOptions): TaskControl {
    return this.#isolationWarning.watch(super.run(invocation, receive, options));
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
  throw new TypeError(
    "WorkerContext from 'reactive-futures/custom-worker' starts the app's own worker, and no worker was given " +
      '(neither `createWorker` nor `workerUrl`): pass ' +
      "`createWorker: () => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' })` " +
      "(a worker entry that calls serveTasks()), or import WorkerContext from 'reactive-futures' to use the " +
      "library's own worker entry.",
  );
}

function defaultMaxWorkers(): number {
  const count = typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
  return typeof count === 'number' && count > 0 ? count : 4;
}
