export * from './adapters/svelte/index.js';
