import { describe, expect, it } from 'vitest';
import { runCall } from '../../../../src/tasks/call/call-task.js';
import { FakeTaskContext } from '../fake-task-context.js';

describe('runCall', () => {
  it('returns fn(...args)', () => {
    const task = new FakeTaskContext();
    expect(runCall(task, (a: number, b: number) => a * b, 6, 7)).toBe(42);
    expect(task.sent).toEqual([]);
  });

  it('returns the promise of an async function, for the runtime to await', async () => {
    const task = new FakeTaskContext();
    const value = runCall(task, async (x: string) => Promise.resolve(`${x}!`), 'hi');
    expect(value).toBeInstanceOf(Promise);
    await expect(value).resolves.toBe('hi!');
  });

  it('lets the error of fn propagate', () => {
    expect(() =>
      runCall(new FakeTaskContext(), () => {
        throw new RangeError('no');
      }),
    ).toThrow(RangeError);
  });

  it('is not interrupted by cancellation', () => {
    const task = new FakeTaskContext();
    task.cancel();
    expect(runCall(task, () => 'still ran')).toBe('still ran');
  });
});
