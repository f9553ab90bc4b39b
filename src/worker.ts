export { TaskCancelled } from './core/errors.js';
export type { Runner, TaskContext } from './core/task-specification.js';
export { transfer, type Transferable } from './core/transfer.js';
export type { ProgressCallback } from './tasks/progress/progress-types.js';
export { currentTask } from './worker/current-task.js';
