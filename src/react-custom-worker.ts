export * from './adapters/react/index.js';
export { useExecutor } from './adapters/react/custom-worker-use-executor.js';
