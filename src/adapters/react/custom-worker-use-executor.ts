/**
 * React in browsers, for apps with their own worker entry: `useExecutor` bound to the
 * executor of `reactive-futures/custom-worker`, so that the library's own worker entry stays
 * out of the bundle.
 */
import { CustomWorkerExecutor } from '../../contexts/web-worker/custom-worker-executor.js';
import { createUseExecutor, type UseExecutor } from './use-executor.js';

/**
 * Returns an executor owned by the component: created for its first render and shut down
 * (`executor.shutdown()`, which cancels unfinished futures) when it unmounts; safe under
 * `<StrictMode>`, like `useExecutor` of `reactive-futures/react`. Its options must name a
 * `context` (a `WorkerContext` of `reactive-futures/custom-worker`), or the argument be a
 * function that makes the executor: this entry point has no default context.
 *
 * @example
 * ```ts
 * import { Executor, WorkerContext } from 'reactive-futures/custom-worker';
 * import { useExecutor } from 'reactive-futures/react/custom-worker';
 *
 * const executor = useExecutor(
 *   () =>
 *     new Executor({
 *       context: new WorkerContext({
 *         createWorker: () => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' }),
 *       }),
 *     }),
 * );
 * ```
 */
export const useExecutor: UseExecutor = createUseExecutor(CustomWorkerExecutor);
