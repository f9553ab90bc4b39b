import { describe, expect, it, vi } from 'vitest';
import { RECEIVE } from '../../../../src/core/internal.js';
import type { TaskMessage } from '../../../../src/core/messages.js';
import { ProgressFuture } from '../../../../src/tasks/progress/progress-future.js';
import { PROGRESS } from '../../../../src/tasks/progress/progress-task.js';

const STARTED: TaskMessage = { type: 'started' };
const report = (arg: unknown): TaskMessage => ({ type: 'sent', messageType: PROGRESS, arg });

describe('ProgressFuture', () => {
  it('fires progress once per report, in order, and keeps the latest in the snapshot', () => {
    const future = new ProgressFuture<string, number>(() => undefined);
    const seen: unknown[] = [];
    future.observe('progress', (event) => seen.push(event.new));
    expect(future.getSnapshot()).toEqual({
      state: 'waiting',
      cancellable: true,
      forceCancellable: true,
      done: false,
      progress: undefined,
    });
    future[RECEIVE]([STARTED, report(10), report(20)]);
    expect(future.getSnapshot()).toMatchObject({ state: 'executing', progress: 20 });
    future[RECEIVE]([report(30), { type: 'returned', value: 'ok' }]);
    expect(seen).toEqual([10, 20, 30]);
    expect(future.getSnapshot()).toEqual({
      state: 'completed',
      cancellable: false,
      forceCancellable: false,
      done: true,
      result: 'ok',
      progress: 30,
    });
  });

  it('notifies subscribers once per batch of reports', () => {
    const future = new ProgressFuture<string, number>(() => undefined);
    future[RECEIVE]([STARTED]);
    const listener = vi.fn();
    future.subscribe(listener);
    future[RECEIVE]([report(1), report(2), report(3)]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('fires no progress after cancel()', () => {
    const future = new ProgressFuture<string, number>(() => undefined);
    const seen: unknown[] = [];
    future.observe('progress', (event) => seen.push(event.new));
    future[RECEIVE]([STARTED, report(1)]);
    future.cancel();
    future[RECEIVE]([report(2), { type: 'returned', value: undefined }]);
    expect(seen).toEqual([1]);
    expect(future.getSnapshot()).toMatchObject({ state: 'cancelled', progress: 1 });
  });

  it('passes other message types to observers of that name', () => {
    const future = new ProgressFuture<string, number, { note: string }>(() => undefined);
    const custom = vi.fn();
    future.observe('note', custom);
    future[RECEIVE]([STARTED, { type: 'sent', messageType: 'note', arg: 'hello' }]);
    expect(custom).toHaveBeenCalledWith(expect.objectContaining({ new: 'hello' }));
    expect(future.getSnapshot()).toMatchObject({ progress: undefined });
  });
});
