export * from './adapters/react/index.js';
export { useExecutor } from './adapters/react/browser-use-executor.js';
