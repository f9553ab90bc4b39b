import { describe, expect, it, vi } from 'vitest';
import { TaskFlags } from '../../../src/core/task-flags.js';
import type { TaskReport, WorkerReport, WorkerRequest } from '../../../src/core/messages.js';
import { decodeRequests, encodeRequests } from '../../../src/core/wire-format.js';
import { startRuntime } from '../../../src/worker/runtime.js';

interface Probe {
  active: number;
  maxActive: number;
}

// Runs in this process (the runtime under test is not in a worker), so it may use a global.
const SLOW_ASYNC_TASK = `async (name) => {
  const probe = globalThis.runtimeTestProbe;
  probe.active += 1;
  probe.maxActive = Math.max(probe.maxActive, probe.active);
  await new Promise((resolve) => setTimeout(resolve, 5));
  probe.active -= 1;
  return name;
}`;

// The locations the runs below use, sent once (as the pool does) before the first run.
const DEFINITIONS: WorkerRequest[] = [
  { type: 'define', ref: 0, location: { kind: 'builtin', name: 'call' } },
  { type: 'define', ref: 1, location: { kind: 'source', source: SLOW_ASYNC_TASK } },
];

/** Hands requests to a runtime as a worker entry does: through the wire format, a batch in order. */
function throughWire(
  runtime: (request: WorkerRequest) => void,
): (requests: WorkerRequest | WorkerRequest[]) => void {
  return (requests) => decodeRequests(encodeRequests(requests), runtime);
}

function run(id: number, name: string): WorkerRequest {
  return { type: 'run', id, slot: id, runner: 0, args: [1, name], taskArguments: [0] };
}

/** Starts a runtime; resolves with every report once `count` tasks have ended. */
function runtimeUntilEnded(count: number): {
  handle: (request: WorkerRequest | WorkerRequest[]) => void;
  ended: Promise<TaskReport[]>;
} {
  const reports: TaskReport[] = [];
  let resolveEnded: (reports: TaskReport[]) => void = () => undefined;
  const ended = new Promise<TaskReport[]>((resolve) => (resolveEnded = resolve));
  const handle = throughWire(
    startRuntime({
      post: (report: WorkerReport) => {
        reports.push(...report);
        const finals = reports.filter((each) => ['returned', 'raised', 'abandoned'].includes(each.type));
        if (finals.length === count) resolveEnded(reports);
      },
    }),
  );
  return { handle, ended };
}

describe('startRuntime', () => {
  it('runs the tasks sent ahead one at a time, in order, even when they are async', async () => {
    const probe: Probe = { active: 0, maxActive: 0 };
    (globalThis as { runtimeTestProbe?: Probe }).runtimeTestProbe = probe;
    const { handle, ended } = runtimeUntilEnded(3);
    handle([...DEFINITIONS, run(1, 'a'), run(2, 'b'), run(3, 'c')]);
    const reports = await ended;
    expect(probe.maxActive).toBe(1);
    expect(reports.map((report) => `${report.id}:${report.type}`)).toEqual([
      '1:started',
      '1:returned',
      '2:started',
      '2:returned',
      '3:started',
      '3:returned',
    ]);
  });

  it('ends a waiting task that is cancelled at once, as abandoned, without running it', async () => {
    const probe: Probe = { active: 0, maxActive: 0 };
    (globalThis as { runtimeTestProbe?: Probe }).runtimeTestProbe = probe;
    const { handle, ended } = runtimeUntilEnded(2);
    handle([...DEFINITIONS, run(1, 'a'), run(2, 'b')]);
    handle({ type: 'cancel', id: 2 });
    const reports = await ended;
    expect(reports.filter((report) => report.id === 2).map((report) => report.type)).toEqual(['abandoned']);
    expect(reports.filter((report) => report.id === 1).map((report) => report.type)).toEqual([
      'started',
      'returned',
    ]);
    expect(probe.maxActive).toBe(1);
  });

  it('forgets a definition when the pool says so, but a task received before that keeps the one it was sent with', async () => {
    const { handle, ended } = runtimeUntilEnded(3);
    const double = { kind: 'source', source: '(n) => n * 2' } as const;
    handle([
      { type: 'define', ref: 0, location: { kind: 'builtin', name: 'call' } },
      { type: 'define', ref: 5, location: double },
      // Queued behind the first task, which is still running when ref 5 is forgotten.
      { type: 'run', id: 1, slot: 0, runner: 0, args: [1, 'x'], taskArguments: [0] },
      { type: 'run', id: 2, slot: 1, runner: 0, args: [5, 21], taskArguments: [0] },
      { type: 'define', ref: 6, location: { kind: 'source', source: '(n) => n + 1' }, forget: 5 },
      { type: 'run', id: 3, slot: 2, runner: 0, args: [5, 1], taskArguments: [0] },
    ]);
    const reports = await ended;
    const outcome = (id: number): unknown => {
      const final = reports.find((report) => report.id === id && report.type !== 'started');
      return final?.type === 'returned'
        ? final.value
        : final?.type === 'raised'
          ? final.exception.message
          : final;
    };
    expect(outcome(2)).toBe(42);
    expect(outcome(3)).toMatch(/no task location numbered 5/);
  });
});

describe('startRuntime: backpressure and a message that cannot be cloned', () => {
  it('a generator paused at maxUndelivered whose held batch fails to clone ends at once, and the next task runs', async () => {
    const buffer = TaskFlags.allocate(2) as SharedArrayBuffer;
    const reports: TaskReport[] = [];
    let resolveEnded: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
    const handle = throughWire(
      startRuntime({
        // `burst: 0`: every item is held, as from a fast generator; the main thread delivers nothing.
        burst: 0,
        flags: buffer,
        post: (report: WorkerReport) => {
          structuredClone(report);
          reports.push(...report);
          if (reports.some((each) => each.id === 2 && each.type === 'returned')) resolveEnded();
        },
      }),
    );
    handle([
      { type: 'define', ref: 0, location: { kind: 'builtin', name: 'iteration' } },
      { type: 'define', ref: 1, location: { kind: 'builtin', name: 'call' } },
      {
        type: 'define',
        ref: 2,
        location: {
          kind: 'source',
          source: 'function* () { yield () => "a function"; yield 2; yield 3; yield 4; }',
        },
      },
      { type: 'define', ref: 3, location: { kind: 'source', source: '() => "next"' } },
      { type: 'run', id: 1, slot: 0, runner: 0, args: [2], taskArguments: [0], maxUndelivered: 2 },
      { type: 'run', id: 2, slot: 1, runner: 1, args: [3], taskArguments: [0] },
    ]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      ended,
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                'The generator waited for deliveries of items that were never sent; the next task never ran',
              ),
            ),
          5000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const first = reports.filter((report) => report.id === 1).map((report) => report.type);
    expect(first).toEqual(['started', 'raised']);
    expect(reports.find((report) => report.id === 2 && report.type === 'returned')).toMatchObject({
      value: 'next',
    });
  });
});

describe('startRuntime: uncaught errors', () => {
  /** A runtime whose entry records the tasks run in their own context; `judge` is what the entry would call. */
  function withJudge(): {
    handle: (request: WorkerRequest | WorkerRequest[]) => void;
    judge: (error: unknown, origin: number | undefined) => boolean;
    ranWithin: number[];
    reports: TaskReport[];
  } {
    let judge: (error: unknown, origin: number | undefined) => boolean = () => false;
    const reports: TaskReport[] = [];
    const ranWithin: number[] = [];
    const handle = throughWire(
      startRuntime({
        post: (report: WorkerReport) => reports.push(...report),
        uncaughtErrors: {
          within: (id, run) => {
            ranWithin.push(id);
            return run();
          },
          listen: (given) => (judge = given),
        },
      }),
    );
    return { handle, judge: (error, origin) => judge(error, origin), ranWithin, reports };
  }

  it('reports an error that a task which already ended left behind, and lets the worker run on', async () => {
    const { handle, judge, ranWithin, reports } = withJudge();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const hold = `() => new Promise((resolve) => { globalThis.releaseRuntimeTest = resolve; })`;
    handle([
      { type: 'define', ref: 0, location: { kind: 'builtin', name: 'call' } },
      { type: 'define', ref: 1, location: { kind: 'source', source: hold } },
      { type: 'run', id: 7, slot: 0, runner: 0, args: [1], taskArguments: [0] },
    ]);
    expect(ranWithin).toEqual([7]);
    // From a callback or promise that task 6, which ended, created: not the running task's.
    expect(judge(new EvalError('stray'), 6)).toBe(true);
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/No task failed, and the worker runs on/),
      expect.any(EvalError),
    );
    // One that the running task created, or of no task's making while it runs, is its own.
    expect(judge(new EvalError('own'), 7)).toBe(false);
    expect(judge(new EvalError('unknown'), undefined)).toBe(false);
    (globalThis as { releaseRuntimeTest?: (value: string) => void }).releaseRuntimeTest?.('done');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reports.map((report) => report.type)).toEqual(['started', 'returned']);
    // With no task running, nothing can be blamed: reported.
    expect(judge(new EvalError('idle'), undefined)).toBe(true);
    expect(judge(new EvalError('late'), 7)).toBe(true);
    logged.mockRestore();
  });
});
