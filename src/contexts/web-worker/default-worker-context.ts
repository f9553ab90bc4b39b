/**
 * The `WorkerContext` of `reactive-futures` in browsers: the app's worker when it gives one,
 * and otherwise the library's own worker entry (`worker-entry.ts`), which imports task
 * modules by URL.
 *
 * This is the only module with `new Worker(new URL('./worker-entry.js', import.meta.url))`:
 * bundlers (Vite, webpack 5) find that expression and emit the library's worker as a chunk of
 * every app that loads this module, whether or not a worker is ever started from it. An app
 * with its own worker entry imports from `reactive-futures/custom-worker`, which never loads
 * this module.
 */
import { WorkerContext as CustomWorkerContext, type WorkerContextOptions } from './worker-context.js';
import type { WebWorker } from './web-worker-types.js';

// Module-scoped so that this file compiles without the DOM library; at run time it is the
// host's global. Spelled out literally below so that bundlers find and bundle the entry.
declare const Worker: new (url: URL, options: { readonly type: 'module' }) => WebWorker;

/**
 * Runs tasks in module Web Workers. A worker that hits an uncaught error fails only the task
 * it ran (with `WorkerCrashedError`) and is replaced. With neither `createWorker` nor
 * `workerUrl`, each worker runs the library's own entry, which imports task modules by URL
 * (`taskModule(new URL('./tasks.js', import.meta.url))`); a bundler then ships that entry as
 * a worker chunk of the app. An app that gives its own worker entry imports `WorkerContext`
 * from `reactive-futures/custom-worker` instead, and ships only its own.
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
export class WorkerContext extends CustomWorkerContext {
  /** @throws {TypeError} when an option is invalid, or both `workerUrl` and `createWorker` are given. */
  constructor(options: WorkerContextOptions = {}) {
    super(withDefaultWorker(options));
  }
}

function withDefaultWorker(options: WorkerContextOptions): WorkerContextOptions {
  // Anything but an options object is the base's to reject, with its message.
  const given: unknown = options;
  if (typeof given !== 'object' || given === null) return options;
  if (options.createWorker !== undefined || options.workerUrl !== undefined) return options;
  return { ...options, createWorker: startLibraryWorker };
}

function startLibraryWorker(): WebWorker {
  return new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' });
}
