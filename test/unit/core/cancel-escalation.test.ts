/**
 * Escalating a cancel: `cancel()` then `cancel({ force: true })`. The return value says whether
 * the call had an effect, and `forceCancellable` says whether forcing is still possible, so a
 * "Force" button can be bound to it.
 */
import { describe, expect, it, vi } from 'vitest';
import { BaseFuture, type CancelOptions } from '../../../src/core/base-future.js';
import { RECEIVE } from '../../../src/core/internal.js';
import type { TaskMessage } from '../../../src/core/messages.js';

class PlainFuture extends BaseFuture<number> {}

const STARTED: TaskMessage = { type: 'started' };
const RETURNED: TaskMessage = { type: 'returned', value: 1 };

function makeFuture(): {
  future: PlainFuture;
  cancel: ReturnType<typeof vi.fn<(options?: CancelOptions) => void>>;
} {
  const cancel = vi.fn<(options?: CancelOptions) => void>();
  return { future: new PlainFuture(cancel), cancel };
}

describe('cancel escalation', () => {
  it('returns true for a force after a cooperative cancel, which reaches the callback once', () => {
    const { future, cancel } = makeFuture();
    future[RECEIVE]([STARTED]);
    expect(future.cancel()).toBe(true);
    expect(future.forceCancellable).toBe(true);
    expect(future.cancel({ force: true })).toBe(true);
    expect(cancel.mock.calls).toEqual([[undefined], [{ force: true }]]);
    expect(future.forceCancellable).toBe(false);
    // A second force, or a cooperative cancel, has no effect any more.
    expect(future.cancel({ force: true })).toBe(false);
    expect(future.cancel()).toBe(false);
    expect(cancel).toHaveBeenCalledTimes(2);
  });

  it('is force-cancellable while waiting, executing and cancelling, never once done', () => {
    const { future } = makeFuture();
    expect(future.forceCancellable).toBe(true);
    future[RECEIVE]([STARTED]);
    expect(future.forceCancellable).toBe(true);
    future[RECEIVE]([RETURNED]);
    expect(future.forceCancellable).toBe(false);
    expect(future.cancel({ force: true })).toBe(false);
  });

  it('a force from executing is one cancel: forceCancellable false at once', () => {
    const { future, cancel } = makeFuture();
    future[RECEIVE]([STARTED]);
    expect(future.cancel({ force: true })).toBe(true);
    expect(future.state).toBe('cancelling');
    expect(future.forceCancellable).toBe(false);
    expect(future.cancel({ force: true })).toBe(false);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('fires forceCancellable changes, after cancellable and before done, and shows it in the snapshot', () => {
    const { future } = makeFuture();
    const log: string[] = [];
    for (const name of ['state', 'cancellable', 'forceCancellable', 'done'] as const) {
      future.observe(name, (event) => log.push(`${name}:${String(event.old)}->${String(event.new)}`));
    }
    future[RECEIVE]([STARTED]);
    future.cancel();
    expect(future.getSnapshot()).toMatchObject({
      state: 'cancelling',
      cancellable: false,
      forceCancellable: true,
    });
    future.cancel({ force: true });
    expect(future.getSnapshot()).toMatchObject({ state: 'cancelling', forceCancellable: false });
    future[RECEIVE]([RETURNED]);
    expect(log).toEqual([
      'state:waiting->executing',
      'state:executing->cancelling',
      'cancellable:true->false',
      'forceCancellable:true->false',
      'state:cancelling->cancelled',
      'done:false->true',
    ]);
    expect(future.getSnapshot()).toMatchObject({ state: 'cancelled', forceCancellable: false });
  });

  it('notifies subscribers of a force while cancelling', () => {
    const { future } = makeFuture();
    future.cancel();
    const listener = vi.fn();
    future.subscribe(listener);
    future.cancel({ force: true });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('fires forceCancellable true->false when a future completes without any cancel', () => {
    const { future } = makeFuture();
    const changes: unknown[] = [];
    future.observe('forceCancellable', (event) => changes.push([event.old, event.new]));
    future[RECEIVE]([STARTED, RETURNED]);
    expect(changes).toEqual([[true, false]]);
  });
});
