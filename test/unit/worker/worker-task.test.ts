import { describe, expect, it } from 'vitest';
import { StateTransitionError } from '../../../src/core/errors.js';
import type { RunRequest } from '../../../src/core/messages.js';
import { BackgroundTaskContext } from '../../../src/worker/task-context.js';
import { WorkerTask } from '../../../src/worker/worker-task.js';

const request = (id: number): RunRequest => ({
  type: 'run',
  id,
  slot: 0,
  runner: 0,
  args: [],
  taskArguments: [],
});

const context = (): BackgroundTaskContext =>
  new BackgroundTaskContext(
    () => false,
    () => undefined,
  );

describe('WorkerTask', () => {
  it('moves queued → running → ended around its lifecycle', async () => {
    let resolveRun: () => void = () => undefined;
    const task = new WorkerTask(
      7,
      request(7),
      context(),
      () => new Promise<void>((resolve) => (resolveRun = resolve)),
    );
    expect(task.state).toBe('queued');
    const run = task.start();
    expect(task.state).toBe('running');
    resolveRun();
    await run;
    expect(task.state).toBe('ended');
  });

  it('refuses to start twice (a bug, reported as a StateTransitionError)', async () => {
    const task = new WorkerTask(8, request(8), context(), () => Promise.resolve());
    await task.start();
    expect(() => task.start()).toThrow(StateTransitionError);
    expect(() => task.start()).toThrow(/Unexpected 'start' of worker task 8 in state 'ended'/);
  });

  it('has one cancel authority: a cancel requested through its context is what every reader sees', () => {
    const task = new WorkerTask(9, request(9), context(), () => Promise.resolve());
    const { signal } = task.context;
    expect(task.context.cancelled()).toBe(false);
    task.context.requestCancel();
    expect(task.context.cancelled()).toBe(true);
    expect(signal.aborted).toBe(true);
  });
});
