export * from './index.js';
export { CustomWorkerExecutor as Executor } from './contexts/web-worker/custom-worker-executor.js';
export { WorkerContext } from './contexts/web-worker/worker-context.js';
export type {
  CreateWebWorker,
  WebWorker,
  WebWorkerEvent,
  WorkerContextOptions,
} from './contexts/web-worker/index.js';
