/**
 * The parallel-context contract, run on the main thread. What differs from worker contexts:
 * values are passed by reference (no cloning, closures allowed), `cancel({ force: true })`
 * ends the future at once without stopping the task's code, and synchronous loops are not
 * tested (a loop on the main thread cannot see a cancel() made on that same thread).
 */
import { InlineContext } from 'reactive-futures';
import { describeParallelContext } from './describe-parallel-context.js';

describeParallelContext('InlineContext', () => ({
  context: new InlineContext(),
  supportsCloning: false,
  supportsForceTermination: false,
  runsOnMainThread: true,
  maxConcurrency: undefined,
}));
