import { startApp } from './app.js';

// esbuild builds the worker entry as a second entry point: name its output file.
startApp(() => new Worker(new URL('./tasks.worker.js', import.meta.url), { type: 'module' }));
