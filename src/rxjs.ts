export * from './adapters/rxjs/index.js';
