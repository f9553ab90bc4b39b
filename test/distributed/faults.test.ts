/**
 * The faults of the distributed context (SPEC §3.8b), each with a real Redis and real runner
 * processes: what the future does when a runner is killed or shut down, when Redis restarts
 * with or without persistence or goes away, when the main process stalls, when BullMQ
 * delivers a job again, when a task module is missing on the runner, and for huge arguments.
 * docs/distributed.md lists the same cases.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BaseFuture,
  Executor,
  submitCall,
  submitIteration,
  taskModule,
  type TaskReference,
} from 'reactive-futures';
import { BullMQContext, type BullMQContextOptions } from 'reactive-futures/bullmq';
import { waitFor } from 'reactive-futures/testing';
import {
  createFileProbe,
  deleteProbe,
  read,
  waitUntil,
  write,
  type Probe,
} from '../fixtures/contract-probe.js';
import { queueName, ROOT, RunnerProcess, TestRedis, until, type RunnerProcessOptions } from './harness.js';

const distributed = taskModule<typeof import('./fixtures/distributed-tasks.js')>(
  new URL('./fixtures/distributed-tasks.ts', import.meta.url),
);
const LOADER = fileURLToPath(new URL('../../scripts/typescript-loader.mjs', import.meta.url));
const SUBMITTER = fileURLToPath(new URL('./fixtures/submitter.ts', import.meta.url));
const tasks = taskModule<typeof import('../fixtures/contract-tasks.js')>(
  new URL('../fixtures/contract-tasks.ts', import.meta.url),
);

/** A safety bound for every wait, in ms (not a timing). */
const WAIT = 30_000;

/** Everything a test started, stopped after it whatever happens. */
interface Setup {
  redis: TestRedis;
  queue: string;
  runners: RunnerProcess[];
  contexts: BullMQContext[];
  executors: Executor[];
  probes: Probe[];
}

let setup: Setup | undefined;

async function start(
  options: { persistent?: boolean; runners?: readonly Partial<RunnerProcessOptions>[] } = {},
): Promise<Setup> {
  const redis = await TestRedis.start({ persistent: options.persistent ?? false });
  const queue = queueName();
  setup = { redis, queue, runners: [], contexts: [], executors: [], probes: [] };
  const made = setup;
  made.runners = await Promise.all(
    (options.runners ?? [{}]).map((runner, index) =>
      RunnerProcess.start({ url: redis.url, queue, name: `runner-${index}`, ...runner }),
    ),
  );
  return made;
}

function executorFor(made: Setup, options: Partial<BullMQContextOptions> = {}): Executor {
  const context = new BullMQContext({
    connection: made.redis.url,
    queue: made.queue,
    moduleRoot: ROOT,
    reconcileInterval: 250,
    ...options,
  });
  made.contexts.push(context);
  const executor = new Executor({ context });
  made.executors.push(executor);
  return executor;
}

function probe(made: Setup): Probe {
  const made_ = createFileProbe();
  made.probes.push(made_);
  return made_;
}

afterEach(async () => {
  const made = setup;
  setup = undefined;
  if (made === undefined) return;
  for (const each of made.probes) write(each, 'release', 1);
  await Promise.all(
    made.executors.map((executor) => executor.shutdown({ timeout: 2000 }).catch(() => undefined)),
  );
  await Promise.all(made.contexts.map((context) => context.close()));
  await Promise.all(made.runners.map((runner) => runner.stop('SIGKILL')));
  await made.redis.dispose();
  for (const each of made.probes) deleteProbe(each);
}, 60_000);

function settle<TFuture extends BaseFuture>(future: TFuture): Promise<TFuture> {
  return waitFor(future, 'done', (candidate) => candidate.done, { timeout: WAIT });
}

/** The runner process holding the task whose probe recorded its pid. */
function holder(made: Setup, held: Probe): RunnerProcess {
  const pid = read(held, 'produced');
  const runner = made.runners.find((candidate) => candidate.child.pid === pid);
  if (runner === undefined) throw new Error(`No runner has pid ${pid}`);
  return runner;
}

describe('distributed faults (SPEC §3.8b)', { timeout: 90_000 }, () => {
  it('a runner killed with SIGKILL mid-task: the future fails with RunnerLostError; the task is not run again; the other runner goes on', async () => {
    const made = await start({ runners: [{}, {}] });
    const executor = executorFor(made);
    const held = probe(made);
    const doomed = submitCall(executor, distributed.holdReportingPid, held, 'never');
    await waitUntil(held, 'ready', 1, WAIT);
    const victim = holder(made, held);
    await victim.stop('SIGKILL');

    await settle(doomed);
    expect(doomed.state).toBe('failed');
    expect(doomed.exception.type).toBe('RunnerLostError');
    expect(doomed.exception.message).toMatch(/stopped renewing its lease/);

    const next = submitCall(executor, tasks.double, 21);
    await settle(next);
    expect(next.result).toBe(42);
    expect(read(held, 'runs')).toBe(1);
  });

  it('a runner killed while its task is cancelling: the future ends cancelled', async () => {
    const made = await start();
    const executor = executorFor(made);
    const held = probe(made);
    const future = submitCall(executor, distributed.holdReportingPid, held, 'never');
    await waitUntil(held, 'ready', 1, WAIT);
    expect(future.cancel()).toBe(true);
    await holder(made, held).stop('SIGKILL');
    await settle(future);
    expect(future.state).toBe('cancelled');
  });

  it('a runner shut down (SIGTERM) with a task in hand that outlasts the grace: the future fails with RunnerStoppedError; the runner exits cleanly', async () => {
    const made = await start({ runners: [{ shutdownGrace: 100 }] });
    const executor = executorFor(made);
    const held = probe(made);
    const future = submitCall(executor, distributed.holdReportingPid, held, 'never');
    await waitUntil(held, 'ready', 1, WAIT);
    const runner = holder(made, held);
    await runner.stop('SIGTERM');
    expect(runner.child.exitCode).toBe(0);
    await settle(future);
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('RunnerStoppedError');
    expect(future.exception.message).toMatch(/shut down/);
  });

  it('a runner shut down (SIGTERM) within the grace: the task in hand completes, a queued task waits for another runner', async () => {
    const made = await start({ runners: [{ shutdownGrace: 60_000 }] });
    const executor = executorFor(made);
    const held = probe(made);
    const first = submitCall(executor, distributed.holdReportingPid, held, 'first');
    await waitUntil(held, 'ready', 1, WAIT);
    const second = submitCall(executor, tasks.double, 4);
    const runner = made.runners[0] as RunnerProcess;
    runner.child.kill('SIGTERM');
    await runner.printed(/stopping/);
    write(held, 'release', 1);
    await settle(first);
    expect(first.result).toBe('first');
    await runner.stop('SIGTERM');
    expect(runner.child.exitCode).toBe(0);
    expect(second.state).toBe('waiting');

    made.runners.push(await RunnerProcess.start({ url: made.redis.url, queue: made.queue, name: 'next' }));
    await settle(second);
    expect(second.result).toBe(8);
  });

  it('Redis killed and restarted with persistence (AOF, fsync always) mid-stream: every item arrives, in order, and the task completes', async () => {
    const made = await start({ persistent: true, runners: [{ lease: 15_000 }] });
    const executor = executorFor(made);
    const held = probe(made);
    const future = submitIteration(executor, tasks.holdingGenerator, held, 50);
    const items: number[] = [];
    future.observe('resultEvent', (event) => items.push(event.new));
    await waitUntil(held, 'ready', 1, WAIT);
    await made.redis.stop('SIGKILL');
    await made.redis.restart();
    write(held, 'release', 1);
    await settle(future);
    expect(future.state).toBe('completed');
    expect(future.result).toBe('exhausted');
    expect(items).toEqual(Array.from({ length: 1050 }, (_, index) => index));
  });

  it('Redis killed and restarted without persistence: the running and the queued task fail with TaskLostError', async () => {
    const made = await start({ runners: [{ lease: 15_000 }] });
    const executor = executorFor(made);
    const held = probe(made);
    const running = submitCall(executor, distributed.holdReportingPid, held, 'lost');
    await waitUntil(held, 'ready', 1, WAIT);
    const queued = submitCall(executor, tasks.double, 1);
    const queue = new Queue(made.queue, {
      connection: { host: '127.0.0.1', port: made.redis.port },
      prefix: 'rf',
    });
    try {
      await until(async () => (await queue.getWaitingCount()) === 1, 'the queued job to be in Redis');
    } finally {
      await queue.close();
    }
    await made.redis.stop('SIGKILL');
    await made.redis.restart();
    await settle(running);
    await settle(queued);
    for (const future of [running, queued]) {
      expect(future.state).toBe('failed');
      expect(future.exception.type).toBe('TaskLostError');
      expect(future.exception.message).toMatch(/without persistence/);
    }
  });

  it('Redis gone for longer than unavailableTimeout: open futures fail with RedisUnavailableError', async () => {
    const made = await start();
    const executor = executorFor(made, { unavailableTimeout: 1000 });
    const held = probe(made);
    const future = submitCall(executor, distributed.holdReportingPid, held, 'never');
    await waitUntil(held, 'ready', 1, WAIT);
    await made.redis.stop('SIGKILL');
    await settle(future);
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('RedisUnavailableError');
    expect(future.exception.message).toMatch(/unreachable/);
  });

  it('the main process stalled for 3 s while a generator streams 100,000 items: none lost, in order', async () => {
    const made = await start();
    const executor = executorFor(made);
    const future = submitIteration(executor, tasks.count, 100_000);
    const items: number[] = [];
    future.observe('resultEvent', (event) => items.push(event.new));
    await waitFor(future, 'resultEvent', () => items.length > 0, { timeout: WAIT });
    // The fault: this thread does nothing else for 3 s while the runner keeps sending.
    const stallEnd = performance.now() + 3000;
    while (performance.now() < stallEnd);
    await settle(future);
    expect(future.result).toBe('counted 100000');
    expect(items).toHaveLength(100_000);
    expect(items.every((item, index) => item === index)).toBe(true);
  });

  it('a job delivered again after its future ended (same job id) is not run again; the future keeps its one outcome', async () => {
    const made = await start({ runners: [] });
    const executor = executorFor(made);
    const ran = probe(made);
    const future = submitCall(executor, tasks.recordRun, ran, 'once');
    const connection = { host: '127.0.0.1', port: made.redis.port };
    const queue = new Queue(made.queue, { connection, prefix: 'rf' });
    const events = new QueueEvents(made.queue, { connection, prefix: 'rf' });
    try {
      await events.waitUntilReady();
      // submitCall adds the job asynchronously: wait for it to be queued.
      await until(async () => (await queue.getWaiting()).length > 0, 'the job to be queued');
      const [job] = await queue.getWaiting();
      expect(job).toBeDefined();
      const { id, data } = job as NonNullable<typeof job>;
      made.runners.push(await RunnerProcess.start({ url: made.redis.url, queue: made.queue, name: 'only' }));
      await settle(future);
      expect(future.result).toBe('once');
      const history: unknown[] = [];
      future.observe('state', (event) => history.push(event.new));

      // BullMQ removes the finished job just after the runner sent the result: wait for that.
      await until(
        async () => (await queue.getJobState(String(id))) === 'unknown',
        'the first job to be removed',
      );
      const again = await queue.add('task', data, { jobId: String(id), removeOnComplete: false });
      await again.waitUntilFinished(events, WAIT);
      expect(read(ran, 'runs')).toBe(1);
      expect(history).toEqual([]);
      expect(future.state).toBe('completed');
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('a task module missing on the runner fails the future saying so; so do an inline function on a runner that does not allow them, and a module outside moduleRoot', async () => {
    const made = await start({
      runners: [{ root: '/tmp/rf-no-such-deployment', allowInlineFunctions: false }],
    });
    const executor = executorFor(made);
    const missing = submitCall(executor, tasks.double, 1);
    await settle(missing);
    expect(missing.state).toBe('failed');
    expect(missing.exception.type).toBe('TaskResolutionError');
    expect(missing.exception.message).toContain('/tmp/rf-no-such-deployment/test/fixtures/contract-tasks.ts');
    expect(missing.exception.message).toMatch(/Could not load task module/);

    const inline = submitCall(executor, (n: number) => n + 1, 1);
    await settle(inline);
    expect(inline.exception.type).toBe('TaskResolutionError');
    expect(inline.exception.message).toMatch(/does not run inline functions/);
    expect(inline.exception.message).toMatch(/allowInlineFunctions/);

    const outside = submitCall(
      executorFor(made, { moduleRoot: new URL('./fixtures/', import.meta.url) }),
      tasks.double,
      1,
    );
    await settle(outside);
    expect(outside.exception.type).toBe('TaskResolutionError');
    expect(outside.exception.message).toMatch(/outside the context's moduleRoot/);
  });

  it('a huge argument (48 MiB) arrives intact; one over maxArgumentBytes fails saying so; Map, Date, BigInt, typed arrays and Error cross as themselves', async () => {
    const made = await start();
    const executor = executorFor(made);
    const bytes = new Uint8Array(48 * 1024 * 1024);
    for (let index = 0; index < bytes.length; index += 4096) bytes[index] = index % 251;
    const expectedSum = bytes.reduce((total, byte) => total + byte, 0);
    const huge = submitCall(executor, distributed.measure, bytes);
    await settle(huge);
    expect(huge.state, huge.state === 'failed' ? huge.exception.message : '').toBe('completed');
    expect(huge.result).toEqual({ length: bytes.length, sum: expectedSum, isUint8Array: true });

    const limited = executorFor(made, { maxArgumentBytes: 1024 * 1024 });
    const tooBig = submitCall(limited, distributed.measure, new Uint8Array(2 * 1024 * 1024));
    await settle(tooBig);
    expect(tooBig.exception.type).toBe('SerializationError');
    expect(tooBig.exception.message).toMatch(/maxArgumentBytes/);

    const values = [new Map([[1, new Date(0)]]), 2n ** 70n, new Int16Array([-1, 2]), new RangeError('boom')];
    const echoed = submitCall(
      executor,
      distributed.echo as TaskReference<(...values: unknown[]) => unknown[]>,
      ...values,
    );
    await settle(echoed);
    const [map, big, int16, error] = echoed.result;
    expect(map).toBeInstanceOf(Map);
    expect((map as Map<number, Date>).get(1)).toEqual(new Date(0));
    expect(big).toBe(2n ** 70n);
    expect(int16).toEqual(new Int16Array([-1, 2]));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('boom');
  });

  it('reply messages lost in Redis (a gap in the numbered messages) fail the future with TaskLostError; a repeated message is dropped', async () => {
    const made = await start({ runners: [] });
    const executor = executorFor(made);
    const context = made.contexts[0] as BullMQContext;
    const future = submitIteration(executor, tasks.count, 3);
    const items: number[] = [];
    future.observe('resultEvent', (event) => items.push(event.new));
    const redis = new Redis(made.redis.url);
    try {
      // What a runner would append: message 0 twice (a resend after a reconnect), then message 2.
      const stream = `rf:${made.queue}:rf:reply:${context.id}`;
      const job = `${context.id}-1`;
      const started = serialize([{ type: 'started' }, { type: 'sent', messageType: 'resultEvent', arg: 0 }]);
      await redis.xadd(stream, '*', 'j', job, 's', '0', 'd', started);
      await redis.xadd(stream, '*', 'j', job, 's', '0', 'd', started);
      await redis.xadd(stream, '*', 'j', job, 's', '2', 'd', serialize([{ type: 'returned', value: 'x' }]));
      await settle(future);
    } finally {
      redis.disconnect();
    }
    expect(items).toEqual([0]);
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('TaskLostError');
    expect(future.exception.message).toMatch(/expected message 1, got 2/);
  });

  it('the submitting process killed with SIGKILL: the runner stops its running task (the liveness key of its context expires)', async () => {
    const made = await start();
    const spinning = probe(made);
    if (spinning instanceof Int32Array) throw new Error('a file probe was expected');
    const submitter = spawn(
      process.execPath,
      ['--import', LOADER, SUBMITTER, made.redis.url, made.queue, spinning.path],
      { cwd: ROOT, stdio: 'ignore' },
    );
    try {
      await waitUntil(spinning, 'ready', 1, WAIT);
    } finally {
      submitter.kill('SIGKILL');
    }
    // The task sees a cancel request once the context's key expires (15 reconcile intervals).
    await waitUntil(spinning, 'observed', 1, WAIT);
    expect(read(spinning, 'observed')).toBe(1);
  });
});
