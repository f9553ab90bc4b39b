/**
 * The parallel-context contract on `BullMQContext`, against a real Redis and two real runner
 * processes (one task at a time each). Runners are other processes: the suite's probes are
 * files, a cancel reaches a task through Redis (not at once), and `transfer()` copies.
 */
import { afterAll, beforeAll } from 'vitest';
import { BullMQContext } from 'reactive-futures/bullmq';
import { createFileProbe } from '../fixtures/contract-probe.js';
import { describeParallelContext } from '../contract/describe-parallel-context.js';
import { queueName, ROOT, RunnerProcess, TestRedis } from './harness.js';

let redis: TestRedis;
let runners: RunnerProcess[] = [];
const queue = queueName();

beforeAll(async () => {
  redis = await TestRedis.start();
  runners = await Promise.all(
    ['runner-a', 'runner-b'].map((name) => RunnerProcess.start({ url: redis.url, queue, name })),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop('SIGKILL')));
  await redis.dispose();
}, 60_000);

describeParallelContext('BullMQContext', () => ({
  context: new BullMQContext({ connection: redis.url, queue, moduleRoot: ROOT, reconcileInterval: 500 }),
  supportsCloning: true,
  supportsForceTermination: true,
  runsOnMainThread: false,
  // A cancel travels through Redis to the runner, which then sets the task's flag.
  cancelReachesTaskAtOnce: false,
  // `transfer()` copies across machines: the sender keeps its buffer.
  supportsTransfer: false,
  maxConcurrency: 2,
  createProbe: createFileProbe,
}));
