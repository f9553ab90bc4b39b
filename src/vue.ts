export * from './adapters/vue/index.js';
