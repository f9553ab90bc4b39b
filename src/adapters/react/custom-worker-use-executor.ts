/**
 * React in browsers, for apps with their own worker entry: `useExecutor` bound to the
 * executor of `reactive-futures/custom-worker`, so that the library's own worker entry stays
 * out of the bundle.
 */
import { CustomWorkerExecutor } from '../../contexts/web-worker/custom-worker-executor.js';
import { createUseExecutor, type UseExecutor } from './use-executor.js';

/**
 * {@inheritDoc useExecutor} The options must name a `context` (a `WorkerContext` from
 * `reactive-futures/custom-worker`), or the argument be a function that makes the executor.
 */
export const useExecutor: UseExecutor = createUseExecutor(CustomWorkerExecutor);
