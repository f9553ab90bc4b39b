/**
 * The default script of each Web Worker of the browser `WorkerContext`: the runtime, with task
 * modules imported by URL (`taskModule(new URL('./tasks.js', import.meta.url))`).
 */
import { serveTasks } from './serve-tasks.js';

serveTasks();
