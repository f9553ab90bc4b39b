/**
 * The worker pool's scheduling and task lifecycle over fake, in-process workers: no threads,
 * no sleeps. Time is faked (timers and `performance.now`), microtasks flush the per-turn batch.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskMessage } from '../../../../src/core/messages.js';
import type { TaskControl } from '../../../../src/core/parallel-context.js';
import { MAX_FAILED_STARTS, WorkerPool } from '../../../../src/contexts/pool/worker-pool.js';
import { fakeWorkers, type FakePoolWorker } from './fake-pool-worker.js';

interface Harness {
  readonly pool: WorkerPool;
  readonly workers: FakePoolWorker[];
  /** Messages received per task id. */
  readonly received: Map<number, TaskMessage[]>;
  run(): { id: number; control: TaskControl };
  /** Runs what the pool scheduled for a later turn (made-up messages). */
  deliver(): void;
}

function setUp(maxWorkers = 1, tasksPerWorker = 4): Harness {
  const { create, workers } = fakeWorkers();
  const scheduled: (() => void)[] = [];
  const received = new Map<number, TaskMessage[]>();
  const pool = new WorkerPool({
    maxWorkers,
    tasksPerWorker,
    createWorker: create,
    schedule: (callback) => scheduled.push(callback),
  });
  let nextId = 1;
  return {
    pool,
    workers,
    received,
    run: () => {
      const id = nextId++;
      const messages: TaskMessage[] = [];
      received.set(id, messages);
      const control = pool.run({ runner: ((n: number) => n) as never, args: [id] }, (batch) =>
        messages.push(...batch),
      );
      return { id, control };
    },
    deliver: () => {
      for (const callback of scheduled.splice(0)) callback();
    },
  };
}

const flush = (): Promise<void> => Promise.resolve();
const types = (messages: readonly TaskMessage[] | undefined): string[] =>
  (messages ?? []).map((message) => message.type);
const exceptionType = (messages: readonly TaskMessage[] | undefined): string | undefined => {
  const last = messages?.at(-1);
  return last?.type === 'raised' ? last.exception.type : undefined;
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs `count` tasks to completion on `worker`, so the pool learns its tasks are short. */
async function warmUp(harness: Harness, worker: () => FakePoolWorker, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { id } = harness.run();
    await flush();
    worker().ready();
    worker().start(id);
    worker().report({ id, type: 'returned', value: id });
  }
}

/**
 * One warmed-up worker (its tasks are short, so tasks are sent ahead to it) that has started
 * `running`, with `behind` sent ahead to it.
 */
async function runningWithOneBehind(): Promise<{
  harness: Harness;
  worker: FakePoolWorker;
  running: ReturnType<Harness['run']>;
  behind: ReturnType<Harness['run']>;
}> {
  const harness = setUp(1, 4);
  await warmUp(harness, () => harness.workers[0] as FakePoolWorker, 3);
  const worker = harness.workers[0] as FakePoolWorker;
  const running = harness.run();
  const behind = harness.run();
  await flush();
  worker.start(running.id);
  return { harness, worker, running, behind };
}

describe('WorkerPool scheduling', () => {
  it('starts workers only when needed, one task each while their speed is unknown, then one ahead each once all are busy', async () => {
    const harness = setUp(2);
    const [a, b, c, d, e] = [harness.run(), harness.run(), harness.run(), harness.run(), harness.run()];
    await flush();
    expect(harness.workers).toHaveLength(2);
    expect(harness.workers.map((worker) => worker.runIds)).toEqual([
      [a.id, c.id],
      [b.id, d.id],
    ]);
    const first = harness.workers[0] as FakePoolWorker;
    first.ready();
    first.start(a.id);
    first.report({ id: a.id, type: 'returned', value: 1 });
    await flush();
    expect(first.runIds).toEqual([a.id, c.id, e.id]);
    expect(types(harness.received.get(a.id))).toEqual(['started', 'returned']);
  });

  it('a worker that goes idle takes over a task sent ahead to a busy one that has not started it', async () => {
    const harness = setUp(2, 2);
    const [a, b, c] = [harness.run(), harness.run(), harness.run()];
    await flush();
    // Tasks of 5 ms: long ones, one ahead per busy worker.
    vi.advanceTimersByTime(5);
    const [busy, idle] = harness.workers as [FakePoolWorker, FakePoolWorker];
    busy.ready();
    idle.ready();
    busy.start(a.id);
    idle.start(b.id);
    idle.report({ id: b.id, type: 'returned', value: 2 });
    await flush();
    // Sent again under a new id, so that nothing the busy worker says of `c` is taken for it.
    expect(idle.runIds).toHaveLength(2);
    const taken = idle.runIds[1] as number;
    expect(taken).not.toBe(c.id);
    // The busy worker finds it withdrawn when its turn comes, and says so; its future sees none of that.
    expect(busy.start(c.id)).toBe(false);
    busy.report({ id: c.id, type: 'abandoned' });
    idle.start(taken);
    idle.report({ id: taken, type: 'returned', value: 3 });
    expect(types(harness.received.get(c.id))).toEqual(['started', 'returned']);
    expect(harness.received.get(c.id)?.at(-1)).toMatchObject({ type: 'returned', value: 3 });
    // The busy worker's second slot came back with its `abandoned`: it takes a task ahead again.
    harness.run();
    harness.run();
    await flush();
    expect(idle.runIds).toHaveLength(3);
    expect(busy.runIds).toHaveLength(3);
  });

  it('an idle worker does not take over a task that its worker already started', async () => {
    const harness = setUp(2);
    const [a, b, c] = [harness.run(), harness.run(), harness.run()];
    await flush();
    const [busy, idle] = harness.workers as [FakePoolWorker, FakePoolWorker];
    busy.ready();
    idle.ready();
    busy.start(a.id);
    busy.report({ id: a.id, type: 'returned', value: 1 });
    // The busy worker started `c` before the pool saw its `started`.
    expect(busy.start(c.id)).toBe(true);
    idle.start(b.id);
    idle.report({ id: b.id, type: 'returned', value: 2 });
    await flush();
    expect(idle.runIds).toEqual([b.id]);
    busy.report({ id: c.id, type: 'returned', value: 3 });
    expect(types(harness.received.get(c.id))).toEqual(['started', 'returned']);
  });

  it('sends tasks ahead to a worker whose tasks are short, up to tasksPerWorker', async () => {
    const harness = setUp(1, 3);
    await warmUp(harness, () => harness.workers[0] as FakePoolWorker, 3);
    const worker = harness.workers[0] as FakePoolWorker;
    const ids = [harness.run(), harness.run(), harness.run(), harness.run()].map((task) => task.id);
    await flush();
    expect(worker.runIds.slice(3)).toEqual(ids.slice(0, 3));
  });
});

describe('WorkerPool task lifecycle', () => {
  it('a cancel of a queued task ends it as abandoned without a worker', () => {
    const harness = setUp(1, 1);
    harness.run();
    const queued = harness.run();
    queued.control.cancel();
    harness.deliver();
    expect(types(harness.received.get(queued.id))).toEqual(['abandoned']);
  });

  it('a cooperative cancel sets the shared flag and posts a cancel request', async () => {
    const harness = setUp();
    const task = harness.run();
    await flush();
    const worker = harness.workers[0] as FakePoolWorker;
    worker.ready();
    worker.start(task.id);
    task.control.cancel();
    await flush();
    expect(worker.flags?.cancelRequested(worker.slotOf(task.id))).toBe(true);
    expect(worker.cancelIds).toEqual([task.id]);
  });

  it('a forced cancel of a task sent ahead withdraws it: nothing is terminated', async () => {
    const { harness, worker, running, behind: ahead } = await runningWithOneBehind();
    ahead.control.cancel({ force: true });
    harness.deliver();
    expect(worker.terminated).toBe(false);
    expect(types(harness.received.get(ahead.id))).toEqual(['abandoned']);
    // The worker never starts it, and its own `abandoned` only frees the slot.
    expect(worker.start(ahead.id)).toBe(false);
    worker.report({ id: ahead.id, type: 'abandoned' });
    worker.report({ id: running.id, type: 'returned', value: 'ok' });
    expect(types(harness.received.get(ahead.id))).toEqual(['abandoned']);
    expect(types(harness.received.get(running.id))).toEqual(['started', 'returned']);
  });

  it('a forced cancel of a started task terminates its worker; a task behind it that had not started runs again', async () => {
    const { harness, worker, running, behind } = await runningWithOneBehind();
    running.control.cancel({ force: true });
    harness.deliver();
    await flush();
    expect(worker.terminated).toBe(true);
    expect(types(harness.received.get(running.id))).toEqual(['started', 'raised']);
    expect(exceptionType(harness.received.get(running.id))).toBe('TaskCancelled');
    const replacement = harness.workers[1] as FakePoolWorker;
    expect(replacement.runIds).toEqual([behind.id]);
    expect(types(harness.received.get(behind.id))).toEqual([]);
  });

  it('a worker that dies fails the task it started and runs the others elsewhere', async () => {
    const { harness, worker, running, behind } = await runningWithOneBehind();
    worker.exit({ exitCode: null, signal: 'SIGKILL', outOfMemory: false });
    harness.deliver();
    await flush();
    expect(exceptionType(harness.received.get(running.id))).toBe('WorkerCrashedError');
    expect((harness.workers[1] as FakePoolWorker).runIds).toEqual([behind.id]);
  });

  it(`fails waiting tasks with WorkerStartError after ${MAX_FAILED_STARTS} workers in a row end before ready`, async () => {
    const harness = setUp(1, 1);
    const tasks = [harness.run(), harness.run()];
    for (let attempt = 0; attempt < MAX_FAILED_STARTS; attempt++) {
      await flush();
      (harness.workers[attempt] as FakePoolWorker).exit(
        { exitCode: 1, signal: null, outOfMemory: false },
        'Error: boom',
      );
    }
    harness.deliver();
    expect(harness.workers).toHaveLength(MAX_FAILED_STARTS);
    for (const task of tasks) {
      expect(types(harness.received.get(task.id))).toEqual(['started', 'raised']);
      expect(exceptionType(harness.received.get(task.id))).toBe('WorkerStartError');
      const raised = harness.received.get(task.id)?.at(-1);
      expect(raised?.type === 'raised' ? raised.exception.message : '').toMatch(
        /3 in a row .* on Error: boom/,
      );
    }
    // No respawn loop: nothing waits, so nothing starts. A later task tries again.
    expect(harness.pool.workerCount).toBe(0);
    harness.run();
    await flush();
    expect(harness.workers).toHaveLength(MAX_FAILED_STARTS + 1);
  });

  it('a worker that was ready resets the count of failed starts', async () => {
    const harness = setUp(1, 1);
    const task = harness.run();
    for (let attempt = 0; attempt < MAX_FAILED_STARTS - 1; attempt++) {
      await flush();
      (harness.workers[attempt] as FakePoolWorker).exit();
    }
    await flush();
    const worker = harness.workers[MAX_FAILED_STARTS - 1] as FakePoolWorker;
    worker.ready();
    worker.exit(); // a crash after ready, before the task started: the task runs elsewhere
    await flush();
    (harness.workers[MAX_FAILED_STARTS] as FakePoolWorker).exit();
    harness.deliver();
    expect(types(harness.received.get(task.id))).toEqual([]);
  });

  it('time limits: the outcome of a task that ran out of time is a TaskTimeoutError', async () => {
    const { create, workers } = fakeWorkers();
    const received: TaskMessage[] = [];
    const pool = new WorkerPool({
      maxWorkers: 1,
      tasksPerWorker: 1,
      createWorker: create,
      schedule: (callback) => callback(),
      taskTimeout: 2 ** 31 + 10,
    });
    pool.run({ runner: (() => 1) as never, args: [] }, (batch) => received.push(...batch));
    await flush();
    const worker = workers[0] as FakePoolWorker;
    worker.start(1);
    vi.advanceTimersByTime(2 ** 31);
    expect(worker.cancelIds).toEqual([]); // a long limit is not clamped into firing at once
    vi.advanceTimersByTime(20);
    await flush();
    expect(worker.cancelIds).toEqual([1]);
    worker.report({ id: 1, type: 'returned', value: 1 });
    expect(types(received)).toEqual(['started', 'raised']);
    expect(exceptionType(received)).toBe('TaskTimeoutError');
  });

  it('close ends every task, running or queued, as raised, and terminates the workers', async () => {
    const harness = setUp(1, 1);
    const running = harness.run();
    const queued = harness.run();
    await flush();
    const worker = harness.workers[0] as FakePoolWorker;
    worker.ready();
    worker.start(running.id);
    await harness.pool.close();
    harness.deliver();
    expect(types(harness.received.get(running.id))).toEqual(['started', 'raised']);
    expect(types(harness.received.get(queued.id))).toEqual(['started', 'raised']);
    expect(worker.terminated).toBe(true);
    expect(() => harness.run()).toThrow(/closed/);
  });
});
