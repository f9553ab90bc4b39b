/**
 * The parallel-context contract on Node child processes, with two children. Processes share
 * no memory with the test, so the suite's probes are files.
 */
import { ProcessContext } from 'reactive-futures';
import { createFileProbe } from '../fixtures/contract-probe.js';
import { describeParallelContext } from './describe-parallel-context.js';

describeParallelContext('ProcessContext', () => ({
  context: new ProcessContext({ maxWorkers: 2 }),
  supportsCloning: true,
  supportsForceTermination: true,
  runsOnMainThread: false,
  cancelReachesTaskAtOnce: false,
  // `transfer()` copies across processes: the sender keeps its buffer.
  supportsTransfer: false,
  maxConcurrency: 2,
  createProbe: createFileProbe,
}));
