/**
 * React in browsers: `useExecutor` bound to the browser executor.
 */
import { BrowserExecutor } from '../../contexts/web-worker/browser-executor.js';
import { createUseExecutor, type UseExecutor } from './use-executor.js';

/** {@inheritDoc useExecutor} With no argument, the executor runs tasks in module Web Workers. */
export const useExecutor: UseExecutor = createUseExecutor(BrowserExecutor);
