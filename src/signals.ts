export * from './adapters/signals/index.js';
