export type { WorkerContextOptions } from './worker-context.js';
export type { CreateWebWorker } from './web-pool-worker.js';
export type { WebWorker, WebWorkerEvent } from './web-worker-types.js';
