/**
 * The script each Node worker thread runs: the reactive-futures runtime on `parentPort`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerRequest, WorkerRequestBatch } from '../../core/messages.js';
import { startRuntime } from '../../worker/runtime.js';
import { registerParentTypeScriptLoader } from './typescript-loader.js';

if (parentPort === null) throw new Error('worker-entry.js must run in a worker thread');
// Before any task module is imported: `.ts` task modules load under tsx as in the parent.
await registerParentTypeScriptLoader();
const port = parentPort;
const handle = startRuntime({
  post: (report, transfer) => port.postMessage(report, transfer as never[]),
  flags: (workerData as { flags?: SharedArrayBuffer }).flags,
});
port.on('message', (request: WorkerRequest | WorkerRequestBatch) => handle(request));
