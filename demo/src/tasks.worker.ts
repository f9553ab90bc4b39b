/**
 * The demo's Web Worker entry. The bundler finds it through
 * `new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' })` (see
 * executor.ts) and bundles the runtime and the task module into it: the worker imports
 * nothing at run time and evaluates no source text, so it works under a strict
 * Content-Security-Policy.
 */
import { serveTasks } from 'reactive-futures/browser-worker';
import * as tasks from './tasks.js';

serveTasks({ 'demo:tasks': tasks });
