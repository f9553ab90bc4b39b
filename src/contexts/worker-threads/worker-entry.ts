/**
 * The script each Node worker thread runs: the reactive-futures runtime on `parentPort`.
 * Its first message, {@link WORKER_READY}, says the runtime listens (see `PoolWorkerEvents.ready`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeRequests, encodeReport, type WireRequests } from '../../core/wire-format.js';
import { startRuntime, type UncaughtErrors } from '../../worker/runtime.js';
import { TaskOrigins } from './task-origins.js';
import { registerParentTypeScriptLoader } from './typescript-loader.js';
import { WORKER_READY } from './ready.js';

if (parentPort === null) throw new Error('worker-entry.js must run in a worker thread');
// Before any task module is imported: `.ts` task modules load under tsx as in the parent.
await registerParentTypeScriptLoader();
const port = parentPort;

/**
 * Uncaught exceptions and unhandled rejections are judged by the task they come from
 * (`task-origins.ts`). An error the runtime does not report ends the worker as Node would (it is
 * thrown again with no handler left).
 */
const origins = new TaskOrigins();
const uncaughtErrors: UncaughtErrors = {
  within: (id, run) => origins.within(id, run),
  listen(judge) {
    const onException = (error: unknown): void => {
      if (!judge(error, origins.ofCallback()))
        crash(() => {
          throw error;
        });
    };
    const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the task's own rejection, unchanged
      if (!judge(reason, origins.ofPromise(promise))) crash(() => void Promise.reject(reason));
    };
    const crash = (fail: () => void): void => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
      queueMicrotask(fail);
    };
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
  },
};

const handle = startRuntime({
  post: (report, transfer) => port.postMessage(encodeReport(report), transfer as never[]),
  flags: (workerData as { flags?: SharedArrayBuffer }).flags,
  batchesCounted: (workerData as { batchesCounted?: boolean }).batchesCounted,
  uncaughtErrors,
});
port.on('message', (requests: WireRequests) => decodeRequests(requests, handle));
port.postMessage(WORKER_READY);
