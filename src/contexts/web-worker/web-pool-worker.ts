/**
 * Starting a reactive-futures worker as a module Web Worker, and telling the pool when it
 * dies.
 *
 * Message path: the page posts `init` (the shared task flags, when the page is cross-origin
 * isolated) and then task requests; the worker's runtime answers with batched reports. A
 * Web Worker does not die on an uncaught error the way a worker thread does, so the page
 * ends it: an `error` event (or the worker's `crashed` message, for an unhandled rejection)
 * terminates the worker and the pool fails the task it ran with `WorkerCrashedError`. A worker
 * that fails before it ever said `ready` (its script could not be loaded or threw at the top
 * level) started none of its tasks: the pool runs them in a new worker, and after a few such
 * failures in a row fails them with a `WorkerStartError` saying why.
 */
import type { WorkerExit } from '../../core/errors.js';
import type { WorkerRequest } from '../../core/messages.js';
import { decodeReport, encodeRequests, type WireReport } from '../../core/wire-format.js';
import type { CreatePoolWorker, PoolWorker, PoolWorkerEvents } from '../pool/pool-worker.js';
import { describeReason, isControlMessage, type InitMessage } from './handshake.js';
import type { WebWorker, WebWorkerEvent } from './web-worker-types.js';

// Module-scoped so that this file compiles without the DOM library; at run time these are
// the host's globals. The library's own worker entry is started in default-worker-context.ts,
// the one module where a bundler sees `new Worker(new URL(…))`.
declare const Worker: new (
  url: URL | string,
  options: { readonly type: 'module'; readonly name?: string },
) => WebWorker;
declare function setTimeout(callback: () => void, ms?: number): unknown;

/** Makes a Web Worker that runs the reactive-futures runtime (see `serveTasks`). */
export type CreateWebWorker = () => WebWorker;

const NO_EXIT: WorkerExit = { exitCode: null, signal: null, outOfMemory: false };

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
      setTimeout(() => this.#onError(`it could not be created: ${describeReason(error)}`), 0);
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
    // A worker that failed to start is ended by the pool, which runs its tasks elsewhere.
    if (this.#worker === undefined || this.#ended) return;
    this.#worker.postMessage(encodeRequests(request), transfer);
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
      this.#events.report(decodeReport(data as WireReport));
      return;
    }
    if (data.kind === 'reactive-futures:ready') {
      this.#ready = true;
      this.#events.ready();
    } else {
      this.#onError(data.reason);
    }
  }

  /** The worker failed: before `ready`, its script did not start (the pool counts a failed start). */
  #onError(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#worker?.terminate();
    this.#events.exit(
      NO_EXIT,
      this.#ready ? reason : `its script failed before the runtime started: ${reason}`,
    );
  }
}

/** What to check when Web Workers cannot start, for the pool's `WorkerStartError`. */
export const WEB_WORKER_START_HINT =
  'Check the worker script URL (the `workerUrl` or `createWorker` option of WorkerContext), that the script ' +
  'calls serveTasks(), that its imports load, and that a Content-Security-Policy allows it (worker-src / script-src).';

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
