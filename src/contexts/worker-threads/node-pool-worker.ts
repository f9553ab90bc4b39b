/**
 * Starting a reactive-futures worker on Node's `worker_threads`.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { decodeReport, encodeRequests, type WireReport } from '../../core/wire-format.js';
import type { CreatePoolWorker } from '../pool/pool-worker.js';
import { WORKER_READY } from './ready.js';

// Not the literal `new URL('./…', import.meta.url)` form: bundlers and Vite (e.g. Vitest's jsdom
// environment) rewrite that into an http: URL, which Node's Worker cannot load.
const ENTRY_FILE = './worker-entry.js';
const ENTRY = new URL(ENTRY_FILE, import.meta.url);

/** Options passed to each `new Worker()`. */
export interface NodeWorkerOptions {
  /** Memory limits of each worker; a worker that exceeds them fails its task as out of memory. */
  readonly resourceLimits?: ResourceLimits;
  /** Node options of each worker. @default the parent's `process.execArgv` (so loaders carry over) */
  readonly execArgv?: readonly string[];
}

/** A {@link CreatePoolWorker} for Node worker threads. */
export function nodePoolWorker(options: NodeWorkerOptions): CreatePoolWorker {
  return (flags, events) => {
    const worker = new Worker(ENTRY, {
      // The pool counts the report batches it reads in `flags` (WorkerPool.#onReport).
      workerData: { flags, batchesCounted: true },
      ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
      ...(options.execArgv === undefined ? {} : { execArgv: [...options.execArgv] }),
    });
    worker.unref();
    let uncaught: (Error & { code?: unknown }) | undefined;
    worker.on('message', (message: WireReport | typeof WORKER_READY) => {
      if (message === WORKER_READY) events.ready();
      else events.report(decodeReport(message));
    });
    worker.on('error', (error: Error) => {
      uncaught = error;
    });
    worker.on('exit', (exitCode) => {
      const outOfMemory = uncaught?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      events.exit(
        { exitCode, signal: null, outOfMemory },
        uncaught === undefined ? undefined : `${uncaught.name}: ${uncaught.message}`,
      );
    });
    return {
      post: (request, transfer) => worker.postMessage(encodeRequests(request), transfer as never[]),
      postMany: (requests, transfer) => worker.postMessage(encodeRequests(requests), transfer as never[]),
      setActive: (active) => (active ? worker.ref() : worker.unref()),
      terminate: () => {
        // An unref'd worker would let the process exit before the termination it awaits ends.
        worker.ref();
        return worker.terminate().then(() => undefined);
      },
    };
  };
}
