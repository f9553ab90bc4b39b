/**
 * Entry point `reactive-futures/browser-worker`: what a custom Web Worker entry script needs.
 */
export { serveTasks } from './serve-tasks.js';
export { registerTaskModule } from '../../worker/task-module-registry.js';
