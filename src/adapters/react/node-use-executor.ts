/**
 * React in Node (server rendering, tests): `useExecutor` bound to the Node executor.
 */
import { NodeExecutor } from '../../contexts/worker-threads/node-executor.js';
import { createUseExecutor, type UseExecutor } from './use-executor.js';

/** {@inheritDoc useExecutor} With no argument, the executor runs tasks in Node worker threads. */
export const useExecutor: UseExecutor = createUseExecutor(NodeExecutor);
