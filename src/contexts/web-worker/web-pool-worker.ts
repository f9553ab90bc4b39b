/**
 * Starting a reactive-futures worker as a module Web Worker, and telling the pool when it
 * dies.
 *
 * Message path: the page posts `init` (the shared task flags, when the page is cross-origin
 * isolated) and then task requests; the worker's runtime answers with batched reports. A
 * Web Worker does not die on an uncaught error the way a worker thread does, so the page
 * ends it: an `error` event (or the worker's `crashed` message, for an unhandled rejection)
 * terminates the worker and the pool fails the task it ran with `WorkerCrashedError`. If the
 * worker fails before it ever said `ready` (its script could not be loaded or threw at the
 * top level), the tasks posted to it fail with a `TaskResolutionError` saying so, instead of
 * being run again in a new worker that would fail the same way.
 */
import { TaskResolutionError, type WorkerExit } from '../../core/errors.js';
import { marshalError } from '../../core/marshal-error.js';
import type { TaskReport, WorkerReport, WorkerRequest } from '../../core/messages.js';
import type { CreatePoolWorker, PoolWorker, PoolWorkerEvents } from '../pool/pool-worker.js';
import { describeReason, isControlMessage, type InitMessage } from './handshake.js';
import type { WebWorker, WebWorkerEvent } from './web-worker-types.js';

// Module-scoped so that this file compiles without the DOM library; at run time these are
// the host's globals. `new Worker(new URL(…, import.meta.url), …)` is spelled out below so
// that bundlers (Vite, webpack, Parcel, esbuild plugins) find and bundle the entry.
declare const Worker: new (
  url: URL | string,
  options: { readonly type: 'module'; readonly name?: string },
) => WebWorker;
declare function setTimeout(callback: () => void, ms?: number): unknown;

/** Makes a Web Worker that runs the reactive-futures runtime (see `serveTasks`). */
export type CreateWebWorker = () => WebWorker;

const NO_EXIT: WorkerExit = { exitCode: null, signal: null, outOfMemory: false };

/** Starts a worker with the default entry, which imports task modules by URL. */
export function createDefaultWebWorker(): WebWorker {
  return new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' });
}

/** Starts a worker with the entry script at `url`. */
export function webWorkerAt(url: URL | string): CreateWebWorker {
  return () => new Worker(url, { type: 'module' });
}

/** A {@link CreatePoolWorker} for module Web Workers made by `createWorker`. */
export function webPoolWorker(createWorker: CreateWebWorker): CreatePoolWorker {
  return (flags, events) => new WebPoolWorker(createWorker, flags, events);
}

class WebPoolWorker implements PoolWorker {
  readonly #events: PoolWorkerEvents;
  readonly #worker: WebWorker | undefined;
  /** Tasks posted and not yet finished, for failing them if the worker never starts. */
  readonly #pending = new Set<number>();
  #ready = false;
  #ended = false;

  constructor(createWorker: CreateWebWorker, flags: SharedArrayBuffer | undefined, events: PoolWorkerEvents) {
    this.#events = events;
    let worker: WebWorker;
    try {
      worker = createWorker();
      const init: InitMessage = { kind: 'reactive-futures:init', flags };
      worker.postMessage(init, []);
    } catch (error) {
      this.#worker = undefined;
      // The pool is still inside its call to us: report later, never re-entrantly.
      setTimeout(() => this.#failToStart(`it could not be created: ${describeReason(error)}`), 0);
      return;
    }
    this.#worker = worker;
    worker.addEventListener('message', (event: WebWorkerEvent) => this.#onMessage(event.data));
    worker.addEventListener('error', (event: WebWorkerEvent) => {
      event.preventDefault?.();
      this.#onError(describeErrorEvent(event));
    });
    worker.addEventListener('messageerror', () =>
      this.#onError('a message from the worker could not be deserialized'),
    );
  }

  post(request: WorkerRequest, transfer: readonly object[]): void {
    if (this.#worker === undefined || this.#ended) {
      // A worker that failed to start fails what it is given (see #failToStart).
      if (request.type === 'run' && !this.#ready) this.#pending.add(request.id);
      return;
    }
    this.#worker.postMessage(request, transfer);
    if (request.type === 'run' && !this.#ready) this.#pending.add(request.id);
  }

  setActive(): void {
    // Web Workers never keep a page alive; nothing to do.
  }

  terminate(): Promise<void> {
    this.#ended = true;
    this.#worker?.terminate();
    return Promise.resolve();
  }

  #onMessage(data: unknown): void {
    if (this.#ended) return;
    if (!isControlMessage(data)) {
      this.#events.report(data as WorkerReport);
      return;
    }
    if (data.kind === 'reactive-futures:ready') {
      this.#ready = true;
      this.#pending.clear();
    } else {
      this.#onError(data.reason);
    }
  }

  #onError(reason: string): void {
    if (this.#ended) return;
    if (!this.#ready) {
      this.#failToStart(`its script failed before the runtime started: ${reason}`);
      return;
    }
    this.#ended = true;
    this.#worker?.terminate();
    this.#events.exit(NO_EXIT, reason);
  }

  #failToStart(why: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#worker?.terminate();
    const exception = marshalError(
      new TaskResolutionError(
        `The Web Worker for this task did not start: ${why}. Check the worker script URL (the \`workerUrl\` ` +
          'or `createWorker` option of WorkerContext), that the script calls serveTasks(), that its imports ' +
          'load, and that a Content-Security-Policy allows it (worker-src / script-src).',
      ),
    );
    // Reporting frees slots, so the pool may post more tasks here at once: fail those too,
    // rather than let them start one more worker that would fail the same way.
    while (this.#pending.size > 0) {
      const report: TaskReport[] = [];
      for (const id of this.#pending) report.push({ id, type: 'started' }, { id, type: 'raised', exception });
      this.#pending.clear();
      this.#events.report(report);
    }
    this.#events.exit(NO_EXIT, why);
  }
}

function describeErrorEvent(event: WebWorkerEvent): string {
  if (typeof event.message !== 'string' || event.message === '') {
    return 'the worker reported an error without details (often: its script could not be loaded)';
  }
  const where =
    typeof event.filename === 'string' && event.filename !== ''
      ? ` at ${event.filename}:${String(event.lineno ?? 0)}`
      : '';
  return `${event.message}${where}`;
}
