/**
 * The parallel-context contract on Node worker threads, with two workers.
 */
import { WorkerContext } from 'reactive-futures';
import { describeParallelContext } from './describe-parallel-context.js';

describeParallelContext('WorkerContext', () => ({
  context: new WorkerContext({ maxWorkers: 2 }),
  supportsCloning: true,
  supportsForceTermination: true,
  runsOnMainThread: false,
  maxConcurrency: 2,
}));
