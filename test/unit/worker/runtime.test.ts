import { describe, expect, it } from 'vitest';
import type { TaskReport, WorkerReport, WorkerRequest } from '../../../src/core/messages.js';
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
  const handle = startRuntime({
    post: (report: WorkerReport) => {
      reports.push(...report);
      const finals = reports.filter((each) => ['returned', 'raised', 'abandoned'].includes(each.type));
      if (finals.length === count) resolveEnded(reports);
    },
  });
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
});
