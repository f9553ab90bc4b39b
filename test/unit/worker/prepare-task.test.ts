import { describe, expect, it, vi } from 'vitest';
import type { AnyFunction } from '../../../src/core/task-reference.js';
import { prepareTask } from '../../../src/worker/prepare-task.js';

const runner: AnyFunction = () => 'runner';
const other: AnyFunction = () => 'other';

describe('prepareTask', () => {
  it('is synchronous when every resolution is, and leaves other arguments alone', () => {
    const resolve = vi.fn((task: unknown) => (task === 'R' ? runner : other));
    const prepared = prepareTask('R', ['F', 2, 'three'], [0], resolve);
    expect(prepared).not.toBeInstanceOf(Promise);
    expect(prepared).toEqual([runner, [other, 2, 'three']]);
    expect(resolve.mock.calls.map(([task]) => task)).toEqual(['R', 'F']);
  });

  it('passes the arguments array through untouched when only the runner is a task', () => {
    const args = [1, 2];
    const prepared = prepareTask('R', args, [], () => runner);
    expect(prepared).toEqual([runner, args]);
  });

  it('waits for asynchronous resolutions, keeping positions', async () => {
    const prepared = prepareTask('R', [1, 'F', 'G'], [1, 2], (task) =>
      task === 'R' ? Promise.resolve(runner) : task === 'F' ? other : Promise.resolve(runner),
    );
    expect(prepared).toBeInstanceOf(Promise);
    await expect(prepared).resolves.toEqual([runner, [1, other, runner]]);
  });

  it('rejects when a resolution rejects', async () => {
    const failure = new Error('no such export');
    const prepared = prepareTask('R', ['F'], [0], (task) =>
      task === 'R' ? runner : Promise.reject(failure),
    );
    await expect(prepared).rejects.toBe(failure);
  });
});
