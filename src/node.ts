export * from './index.js';
export { NodeExecutor as Executor } from './contexts/worker-threads/node-executor.js';
export { WorkerContext, type WorkerContextOptions } from './contexts/worker-threads/worker-context.js';
export { ProcessContext, type ProcessContextOptions } from './contexts/child-process/process-context.js';
