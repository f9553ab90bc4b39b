import { describe, expect, it } from 'vitest';
import { TaskCancelled } from '../../../../src/core/errors.js';
import { PROGRESS, runProgress } from '../../../../src/tasks/progress/progress-task.js';
import { FakeTaskContext } from '../fake-task-context.js';

type Progress = (info: unknown) => void;

describe('runProgress', () => {
  it('appends a progress callback whose calls are sent in order, and returns the result', async () => {
    const task = new FakeTaskContext();
    const fn = (steps: number, label: string, progress: Progress): string => {
      for (let i = 0; i < steps; i++) progress({ step: i });
      return label;
    };
    await expect(runProgress(task, fn, 3, 'ok')).resolves.toBe('ok');
    expect(task.sent).toEqual([
      { type: PROGRESS, arg: { step: 0 } },
      { type: PROGRESS, arg: { step: 1 } },
      { type: PROGRESS, arg: { step: 2 } },
    ]);
  });

  it('awaits an async function', async () => {
    const task = new FakeTaskContext();
    const fn = async (progress: Progress): Promise<number> => {
      progress(1);
      await Promise.resolve();
      progress(2);
      return 3;
    };
    await expect(runProgress(task, fn)).resolves.toBe(3);
    expect(task.args(PROGRESS)).toEqual([1, 2]);
  });

  it('throws TaskCancelled from progress() once cancellation was requested, sending nothing', async () => {
    const task = new FakeTaskContext();
    let seen: unknown;
    const fn = (progress: Progress): string => {
      progress('first');
      task.cancel();
      try {
        progress('second');
      } catch (error) {
        seen = error;
        throw error;
      }
      return 'unreachable';
    };
    await expect(runProgress(task, fn)).resolves.toBeUndefined();
    expect(seen).toBeInstanceOf(TaskCancelled);
    expect((seen as Error).message).toMatch(/progress\(\)/);
    expect(task.args(PROGRESS)).toEqual(['first']);
  });

  it('ends quietly when a TaskCancelled escapes after a cancel request, even one made elsewhere', async () => {
    const task = new FakeTaskContext();
    task.cancel();
    await expect(
      runProgress(task, () => {
        throw new TaskCancelled('cancelled by hand');
      }),
    ).resolves.toBeUndefined();
    const foreign = Object.assign(new Error('from another realm'), { name: 'TaskCancelled' });
    await expect(
      runProgress(task, () => {
        throw foreign;
      }),
    ).resolves.toBeUndefined();
  });

  it('fails with a TaskCancelled thrown without a cancel request', async () => {
    const task = new FakeTaskContext();
    await expect(
      runProgress(task, () => {
        throw new TaskCancelled();
      }),
    ).rejects.toBeInstanceOf(TaskCancelled);
  });

  it('fails with any other error, cancelled or not', async () => {
    const task = new FakeTaskContext();
    task.cancel();
    await expect(
      runProgress(task, () => {
        throw new RangeError('real failure');
      }),
    ).rejects.toThrow(RangeError);
  });

  it('returns normally when the function swallows the TaskCancelled', async () => {
    const task = new FakeTaskContext();
    task.cancel();
    const fn = (progress: Progress): string => {
      try {
        progress(1);
      } catch {
        return 'cleaned up';
      }
      return 'not cancelled';
    };
    await expect(runProgress(task, fn)).resolves.toBe('cleaned up');
    expect(task.sent).toEqual([]);
  });
});
