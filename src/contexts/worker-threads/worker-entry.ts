/**
 * The script each Node worker thread runs: the reactive-futures runtime on `parentPort`.
 * Its first message, {@link WORKER_READY}, says the runtime listens (see `PoolWorkerEvents.ready`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerRequest, WorkerRequestBatch } from '../../core/messages.js';
import { startRuntime, type UncaughtErrors } from '../../worker/runtime.js';
import { registerParentTypeScriptLoader } from './typescript-loader.js';
import { WORKER_READY } from './ready.js';

if (parentPort === null) throw new Error('worker-entry.js must run in a worker thread');
// Before any task module is imported: `.ts` task modules load under tsx as in the parent.
await registerParentTypeScriptLoader();
const port = parentPort;

/**
 * Each task runs in an async context of its own; an uncaught exception's handler runs in the
 * context of the callback that threw, and an unhandled rejection's in that of the promise, so the
 * runtime can tell which task created it. An error the runtime does not report ends the worker as
 * Node would (it is thrown again with no handler left).
 */
const taskOfContext = new AsyncLocalStorage<number>();
const uncaughtErrors: UncaughtErrors = {
  within: (id, run) => taskOfContext.run(id, run),
  listen(judge) {
    const onException = (error: unknown): void => {
      if (!judge(error, taskOfContext.getStore()))
        crash(() => {
          throw error;
        });
    };
    const onRejection = (reason: unknown): void => {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the task's own rejection, unchanged
      if (!judge(reason, taskOfContext.getStore())) crash(() => void Promise.reject(reason));
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
  post: (report, transfer) => port.postMessage(report, transfer as never[]),
  flags: (workerData as { flags?: SharedArrayBuffer }).flags,
  batchesCounted: (workerData as { batchesCounted?: boolean }).batchesCounted,
  uncaughtErrors,
});
port.on('message', (request: WorkerRequest | WorkerRequestBatch) => handle(request));
port.postMessage(WORKER_READY);
