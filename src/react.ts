export * from './adapters/react/index.js';
