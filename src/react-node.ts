export * from './adapters/react/index.js';
export { useExecutor } from './adapters/react/node-use-executor.js';
