export * from './index.js';
export { BrowserExecutor as Executor } from './contexts/web-worker/browser-executor.js';
export { WorkerContext } from './contexts/web-worker/default-worker-context.js';
export type {
  CreateWebWorker,
  WebWorker,
  WebWorkerEvent,
  WorkerContextOptions,
} from './contexts/web-worker/index.js';
