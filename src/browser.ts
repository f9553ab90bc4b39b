export * from './index.js';
export { BrowserExecutor as Executor } from './contexts/web-worker/browser-executor.js';
export {
  WorkerContext,
  type CreateWebWorker,
  type WebWorker,
  type WebWorkerEvent,
  type WorkerContextOptions,
} from './contexts/web-worker/index.js';
