/**
 * The script each Node worker thread runs: the reactive-futures runtime on `parentPort`.
 * Its first message, {@link WORKER_READY}, says the runtime listens (see `PoolWorkerEvents.ready`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerRequest, WorkerRequestBatch } from '../../core/messages.js';
import { startRuntime } from '../../worker/runtime.js';
import { WORKER_READY } from './ready.js';

if (parentPort === null) throw new Error('worker-entry.js must run in a worker thread');
const port = parentPort;
const handle = startRuntime({
  post: (report, transfer) => port.postMessage(report, transfer as never[]),
  flags: (workerData as { flags?: SharedArrayBuffer }).flags,
});
port.on('message', (request: WorkerRequest | WorkerRequestBatch) => handle(request));
port.postMessage(WORKER_READY);
