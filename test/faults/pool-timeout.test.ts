// The per-task time limit of the worker pool, driven by hand: a fake worker, fake timers and a
// manual schedule make every step deterministic.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerExit } from '../../src/core/errors.js';
import type { TaskMessage, WorkerReport, WorkerRequest } from '../../src/core/messages.js';
import type { PoolWorkerEvents } from '../../src/contexts/pool/pool-worker.js';
import { WorkerPool } from '../../src/contexts/pool/worker-pool.js';

interface FakeWorker {
  readonly requests: WorkerRequest[];
  readonly events: PoolWorkerEvents;
  terminated: boolean;
}

function setup(taskTimeout?: number): {
  pool: WorkerPool;
  workers: FakeWorker[];
  received: TaskMessage[];
  deliver: () => void;
  report: (worker: FakeWorker, report: WorkerReport) => void;
  runTask: (timeout?: number) => void;
} {
  const workers: FakeWorker[] = [];
  const scheduled: (() => void)[] = [];
  const received: TaskMessage[] = [];
  const pool = new WorkerPool({
    maxWorkers: 1,
    tasksPerWorker: 1,
    taskTimeout,
    timeoutGrace: 500,
    schedule: (callback) => scheduled.push(callback),
    createWorker: (_flags, events) => {
      const worker: FakeWorker = { requests: [], events, terminated: false };
      workers.push(worker);
      return {
        post: (request) => worker.requests.push(request),
        setActive: () => undefined,
        terminate: () => {
          worker.terminated = true;
          return Promise.resolve();
        },
      };
    },
  });
  return {
    pool,
    workers,
    received,
    deliver: () => {
      for (const callback of scheduled.splice(0)) callback();
    },
    report: (worker, report) => worker.events.report(report),
    runTask: (timeout) =>
      pool.run(
        { runner: (() => undefined) as never, args: [] },
        (messages) => received.push(...messages),
        timeout === undefined ? {} : { timeout },
      ),
  };
}

const types = (messages: readonly TaskMessage[]): string[] => messages.map((message) => message.type);
/** The run and cancel requests sent to `worker` (not the location definitions before a run). */
const requestTypes = (worker: FakeWorker): string[] =>
  worker.requests.filter((request) => request.type !== 'define').map((request) => request.type);

describe('WorkerPool time limits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts from the start, requests cancellation, and replaces the outcome and later messages', () => {
    const { workers, received, report, runTask } = setup();
    runTask(100);
    const worker = workers[0] as FakeWorker;
    vi.advanceTimersByTime(1_000); // queued time does not count: nothing started yet
    expect(requestTypes(worker)).toEqual(['run']);

    report(worker, [{ id: 1, type: 'started' }]);
    vi.advanceTimersByTime(99);
    expect(requestTypes(worker)).toEqual(['run']);
    vi.advanceTimersByTime(1);
    expect(requestTypes(worker)).toEqual(['run', 'cancel']);

    // The task stops cooperatively: its late item is dropped, its TaskCancelled replaced.
    report(worker, [
      { id: 1, type: 'sent', messageType: 'generated', arg: 7 },
      { id: 1, type: 'raised', exception: { type: 'TaskCancelled', message: 'cancelled', stack: '' } },
    ]);
    expect(types(received)).toEqual(['started', 'raised']);
    const raised = received[1] as Extract<TaskMessage, { type: 'raised' }>;
    expect(raised.exception.type).toBe('TaskTimeoutError');
    expect(raised.exception.message).toMatch(/time limit of 100 ms/);
    expect(raised.exception.details).toMatchObject({ timeout: 100 });

    vi.advanceTimersByTime(10_000);
    expect(worker.terminated).toBe(false); // it stopped in time: the worker is kept
  });

  it('terminates the worker when the task ignores cancellation for the grace period', () => {
    const { workers, received, deliver, report, runTask } = setup(100);
    runTask();
    const worker = workers[0] as FakeWorker;
    report(worker, [{ id: 1, type: 'started' }]);
    vi.advanceTimersByTime(100 + 499);
    expect(worker.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(worker.terminated).toBe(true);
    deliver();
    expect(types(received)).toEqual(['started', 'raised']);
    expect((received[1] as Extract<TaskMessage, { type: 'raised' }>).exception.type).toBe('TaskTimeoutError');

    // The pool starts a new worker for the next task; the old one's reports are ignored.
    runTask(Infinity);
    expect(workers).toHaveLength(2);
    report(worker, [{ id: 1, type: 'returned', value: 1 }]);
    expect(types(received)).toEqual(['started', 'raised']);
  });

  it('leaves a task that ends in time alone, and Infinity lifts the context limit', () => {
    const { workers, received, report, runTask } = setup(100);
    runTask(Infinity);
    const worker = workers[0] as FakeWorker;
    report(worker, [{ id: 1, type: 'started' }]);
    vi.advanceTimersByTime(60_000);
    report(worker, [{ id: 1, type: 'returned', value: 42 }]);
    expect(types(received)).toEqual(['started', 'returned']);
    expect(requestTypes(worker)).toEqual(['run']);

    runTask(); // the context's 100 ms
    report(worker, [
      { id: 2, type: 'started' },
      { id: 2, type: 'returned', value: 1 },
    ]);
    vi.advanceTimersByTime(60_000);
    expect(requestTypes(worker)).toEqual(['run', 'run']);
    expect(worker.terminated).toBe(false);
  });

  it('fails a task whose worker dies with a WorkerCrashedError naming the exit', () => {
    const { workers, received, deliver, report, runTask } = setup();
    runTask();
    const worker = workers[0] as FakeWorker;
    report(worker, [{ id: 1, type: 'started' }]);
    const exit: WorkerExit = { exitCode: null, signal: 'SIGKILL', outOfMemory: false };
    worker.events.exit(exit, undefined);
    deliver();
    const raised = received[1] as Extract<TaskMessage, { type: 'raised' }>;
    expect(raised.exception.type).toBe('WorkerCrashedError');
    expect(raised.exception.message).toMatch(/killed by signal SIGKILL/);
    expect(raised.exception.details).toMatchObject({ signal: 'SIGKILL', exitCode: null });
  });
});
