/**
 * The message a Node worker thread of reactive-futures posts first, once its runtime listens;
 * every other message it posts is a `WorkerReport` (an array).
 */
export const WORKER_READY = 'reactive-futures:ready';
