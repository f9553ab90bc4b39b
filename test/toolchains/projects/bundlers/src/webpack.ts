import { startApp } from './app.js';

// webpack 5 bundles the worker it finds written this way.
startApp(() => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' }));
