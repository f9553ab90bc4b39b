import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseFuture, type CancelOptions } from '../../../src/core/base-future.js';
import { RECEIVE, REPORT_ERRORS_TO } from '../../../src/core/internal.js';
import type { TaskMessage } from '../../../src/core/messages.js';
import type { FutureState } from '../../../src/core/future-state.js';

/** The smallest concrete future: it keeps a count of `tick` messages in its snapshot. */
class TestFuture extends BaseFuture<string, { tick: number; fizz: number; buzz: number }> {
  ticks = 0;

  protected override dispatch(type: string, arg: unknown): void {
    if (type === 'tick') {
      this.ticks++;
      this.invalidateSnapshot();
    }
    super.dispatch(type, arg);
  }

  protected override snapshotExtras(): { ticks: number } {
    return { ticks: this.ticks };
  }
}

const STARTED: TaskMessage = { type: 'started' };
const ABANDONED: TaskMessage = { type: 'abandoned' };
const EXCEPTION = { type: 'RangeError', message: 'boom', stack: 'RangeError: boom\n    at task' };
const RAISED: TaskMessage = { type: 'raised', exception: EXCEPTION };
const returned = (value: unknown): TaskMessage => ({ type: 'returned', value });
const sent = (messageType: string, arg?: unknown): TaskMessage => ({ type: 'sent', messageType, arg });

function makeFuture(): {
  future: TestFuture;
  cancel: ReturnType<typeof vi.fn<(options?: CancelOptions) => void>>;
} {
  const cancel = vi.fn<(options?: CancelOptions) => void>();
  return { future: new TestFuture(cancel), cancel };
}

/** Records every `state`, `cancellable` and `done` change, plus `extra` event names. */
function record(future: TestFuture, ...extra: ('tick' | 'fizz' | 'buzz')[]): string[] {
  const log: string[] = [];
  for (const name of ['state', 'cancellable', 'done', ...extra] as const) {
    future.observe(name, (event) => {
      expect(event.object).toBe(future);
      expect(event.name).toBe(name);
      log.push(`${name}:${String(event.old)}->${String(event.new)}`);
    });
  }
  return log;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('BaseFuture: change events', () => {
  it('starts waiting, cancellable, not done, and fires nothing on construction', () => {
    const { future, cancel } = makeFuture();
    expect(future.state).toBe('waiting');
    expect(future.cancellable).toBe(true);
    expect(future.done).toBe(false);
    expect(cancel).not.toHaveBeenCalled();
  });

  it('orders state → cancellable → done on completion', () => {
    const { future } = makeFuture();
    const log = record(future);
    future[RECEIVE]([STARTED]);
    expect(log).toEqual(['state:waiting->executing']);
    future[RECEIVE]([returned('r')]);
    expect(log).toEqual([
      'state:waiting->executing',
      'state:executing->completed',
      'cancellable:true->false',
      'done:false->true',
    ]);
  });

  it('orders state → cancellable → done on failure', () => {
    const { future } = makeFuture();
    const log = record(future);
    future[RECEIVE]([STARTED, RAISED]);
    expect(log).toEqual([
      'state:waiting->executing',
      'state:executing->failed',
      'cancellable:true->false',
      'done:false->true',
    ]);
  });

  it('changes cancellable at cancel(), and fires done (only) at the end', () => {
    const { future } = makeFuture();
    const log = record(future);
    future.cancel();
    expect(log).toEqual(['state:waiting->cancelling', 'cancellable:true->false']);
    future[RECEIVE]([ABANDONED]);
    expect(log).toEqual([
      'state:waiting->cancelling',
      'cancellable:true->false',
      'state:cancelling->cancelled',
      'done:false->true',
    ]);
  });

  it('fires no state change for a start seen while cancelling', () => {
    const { future } = makeFuture();
    future.cancel();
    const log = record(future);
    future[RECEIVE]([STARTED, sent('tick', 1)]);
    expect(log).toEqual([]);
    expect(future.state).toBe('cancelling');
    future[RECEIVE]([returned('late')]);
    expect(log).toEqual(['state:cancelling->cancelled', 'done:false->true']);
  });

  it('lets a done handler read the final state and result', () => {
    const { future } = makeFuture();
    const seen: unknown[] = [];
    future.observe('done', () => seen.push(future.state, future.result, future.cancellable));
    future[RECEIVE]([STARTED, returned('value')]);
    expect(seen).toEqual(['completed', 'value', false]);
  });

  it('fires the default dispatch as an event named after the message type, in order', () => {
    const { future } = makeFuture();
    const events: unknown[] = [];
    future.observe('fizz', (event) => events.push(['fizz', event.old, event.new]));
    future.observe('buzz', (event) => events.push(['buzz', event.old, event.new]));
    future[RECEIVE]([STARTED, sent('fizz', 3), sent('buzz', 5), sent('fizz', 6)]);
    expect(events).toEqual([
      ['fizz', undefined, 3],
      ['buzz', undefined, 5],
      ['fizz', undefined, 6],
    ]);
  });

  it('stops calling a handler once its disposer ran (idempotent), and keeps duplicates apart', () => {
    const { future } = makeFuture();
    const handler = vi.fn();
    const stopFirst = future.observe('state', handler);
    future.observe('state', handler);
    future[RECEIVE]([STARTED]);
    expect(handler).toHaveBeenCalledTimes(2);
    stopFirst();
    stopFirst();
    future[RECEIVE]([returned('x')]);
    expect(handler).toHaveBeenCalledTimes(3);
  });
});

describe('BaseFuture: cancel()', () => {
  const reach: Record<FutureState, (future: TestFuture) => void> = {
    waiting: () => undefined,
    executing: (future) => future[RECEIVE]([STARTED]),
    cancelling: (future) => future.cancel(),
    completed: (future) => future[RECEIVE]([STARTED, returned('r')]),
    failed: (future) => future[RECEIVE]([STARTED, RAISED]),
    cancelled: (future) => {
      future.cancel();
      future[RECEIVE]([ABANDONED]);
    },
  };

  for (const state of ['waiting', 'executing'] as const) {
    it(`in ${state}: returns true, moves synchronously to cancelling, calls the callback once`, () => {
      const { future, cancel } = makeFuture();
      reach[state](future);
      expect(future.cancel()).toBe(true);
      expect(future.state).toBe('cancelling');
      expect(future.cancellable).toBe(false);
      expect(future.done).toBe(false);
      expect(cancel).toHaveBeenCalledTimes(1);
    });
  }

  for (const state of ['cancelling', 'completed', 'failed', 'cancelled'] as const) {
    it(`in ${state}: returns false and changes nothing`, () => {
      const { future, cancel } = makeFuture();
      reach[state](future);
      const calls = cancel.mock.calls.length;
      const snapshot = future.getSnapshot();
      const log = record(future);
      expect(future.cancel()).toBe(false);
      expect(future.state).toBe(state);
      expect(log).toEqual([]);
      expect(future.getSnapshot()).toBe(snapshot);
      expect(cancel).toHaveBeenCalledTimes(calls);
    });
  }

  it('passes the options on to the callback', () => {
    const { future, cancel } = makeFuture();
    future.cancel({ force: true });
    expect(cancel).toHaveBeenCalledWith({ force: true });
  });

  it('lets force reach the callback again while cancelling (returning true), but not once done', () => {
    const { future, cancel } = makeFuture();
    future[RECEIVE]([STARTED]);
    future.cancel();
    expect(future.cancel({ force: true })).toBe(true);
    expect(cancel).toHaveBeenCalledTimes(2);
    expect(cancel).toHaveBeenLastCalledWith({ force: true });
    future[RECEIVE]([RAISED]);
    expect(future.cancel({ force: true })).toBe(false);
    expect(cancel).toHaveBeenCalledTimes(2);
  });

  it('drops sent messages after cancel(): no dispatch reaches observers', () => {
    const { future } = makeFuture();
    const ticks = vi.fn();
    future.observe('tick', ticks);
    future[RECEIVE]([STARTED, sent('tick', 1)]);
    expect(ticks).toHaveBeenCalledTimes(1);
    future.cancel();
    future[RECEIVE]([sent('tick', 2), sent('tick', 3)]);
    future[RECEIVE]([sent('tick', 4), returned('late')]);
    expect(ticks).toHaveBeenCalledTimes(1);
    expect(future.ticks).toBe(1);
  });

  it('drops the rest of a batch once a handler cancels', () => {
    const { future } = makeFuture();
    const ticks: unknown[] = [];
    future.observe('tick', (event) => {
      ticks.push(event.new);
      if (event.new === 2) future.cancel();
    });
    future[RECEIVE]([STARTED, sent('tick', 1), sent('tick', 2), sent('tick', 3), returned('r')]);
    expect(ticks).toEqual([1, 2]);
    expect(future.state).toBe('cancelled');
    expect(() => future.result).toThrow(/'cancelled'/);
  });

  it('drops messages of a task cancelled before it was seen to start', () => {
    const { future } = makeFuture();
    const ticks = vi.fn();
    future.observe('tick', ticks);
    future.cancel();
    future[RECEIVE]([STARTED, sent('tick', 1), returned('late')]);
    expect(ticks).not.toHaveBeenCalled();
    expect(future.state).toBe('cancelled');
  });

  it('stores no result after cancel(); result and exception throw naming the state', () => {
    const { future } = makeFuture();
    future[RECEIVE]([STARTED]);
    future.cancel();
    future[RECEIVE]([returned('discarded')]);
    expect(future.state).toBe('cancelled');
    expect(() => future.result).toThrow(/'cancelled'/);
    expect(() => future.exception).toThrow(/'cancelled'/);
    expect(future.getSnapshot()).toEqual({
      state: 'cancelled',
      cancellable: false,
      forceCancellable: false,
      done: true,
      ticks: 0,
    });
    expect('result' in future.getSnapshot()).toBe(false);
  });

  it('stores no exception after cancel() and never becomes failed', () => {
    const { future } = makeFuture();
    const states: unknown[] = [];
    future.observe('state', (event) => states.push(event.new));
    future[RECEIVE]([STARTED]);
    future.cancel();
    future[RECEIVE]([RAISED]);
    expect(states).toEqual(['executing', 'cancelling', 'cancelled']);
    expect(() => future.exception).toThrow(/'cancelled'/);
    expect('exception' in future.getSnapshot()).toBe(false);
  });
});

describe('BaseFuture: result and exception', () => {
  it('throws an Error naming the state while waiting, executing and cancelling', () => {
    const { future } = makeFuture();
    expect(() => future.result).toThrow(/'waiting'/);
    expect(() => future.exception).toThrow(/'waiting'/);
    future[RECEIVE]([STARTED]);
    expect(() => future.result).toThrow(/'executing'/);
    expect(() => future.exception).toThrow(/'executing'/);
    future.cancel();
    expect(() => future.result).toThrow(/'cancelling'/);
    expect(() => future.exception).toThrow(/'cancelling'/);
  });

  it('gives the result when completed, and the exception getter names completed', () => {
    const { future } = makeFuture();
    future[RECEIVE]([STARTED, returned('forty-two')]);
    expect(future.result).toBe('forty-two');
    expect(() => future.exception).toThrow(/'completed'/);
  });

  it('gives a result that is undefined when the task returned undefined', () => {
    const { future } = makeFuture();
    future[RECEIVE]([STARTED, returned(undefined)]);
    expect(future.state).toBe('completed');
    expect(future.result).toBeUndefined();
  });

  it('gives the exception when failed, and the result getter names failed', () => {
    const { future } = makeFuture();
    future[RECEIVE]([STARTED, RAISED]);
    expect(future.exception).toEqual(EXCEPTION);
    expect(() => future.result).toThrow(/'failed'/);
    expect(() => future.result).toThrow(Error);
  });
});

describe('BaseFuture: subscribe and getSnapshot', () => {
  it('keeps the snapshot identical between changes and freezes it', () => {
    const { future } = makeFuture();
    const first = future.getSnapshot();
    expect(future.getSnapshot()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({
      state: 'waiting',
      cancellable: true,
      forceCancellable: true,
      done: false,
      ticks: 0,
    });
  });

  it('replaces the snapshot after a change, with a new frozen object', () => {
    const { future } = makeFuture();
    const first = future.getSnapshot();
    future[RECEIVE]([STARTED]);
    const second = future.getSnapshot();
    expect(second).not.toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(second).toEqual({
      state: 'executing',
      cancellable: true,
      forceCancellable: true,
      done: false,
      ticks: 0,
    });
    expect(first.state).toBe('waiting');
    future[RECEIVE]([sent('tick'), sent('tick')]);
    expect(future.getSnapshot()).toEqual({
      state: 'executing',
      cancellable: true,
      forceCancellable: true,
      done: false,
      ticks: 2,
    });
    future[RECEIVE]([returned('r')]);
    const last = future.getSnapshot();
    expect(last).toEqual({
      state: 'completed',
      cancellable: false,
      forceCancellable: false,
      done: true,
      result: 'r',
      ticks: 2,
    });
    expect(future.getSnapshot()).toBe(last);
  });

  it('describes a failed and a cancelling future', () => {
    const failed = makeFuture().future;
    failed[RECEIVE]([STARTED, RAISED]);
    expect(failed.getSnapshot()).toEqual({
      state: 'failed',
      cancellable: false,
      forceCancellable: false,
      done: true,
      exception: EXCEPTION,
      ticks: 0,
    });
    const cancelling = makeFuture().future;
    cancelling.cancel();
    expect(cancelling.getSnapshot()).toEqual({
      state: 'cancelling',
      cancellable: false,
      forceCancellable: true,
      done: false,
      ticks: 0,
    });
  });

  it('notifies listeners once per delivered batch, after the whole batch', () => {
    const { future } = makeFuture();
    const seen: unknown[] = [];
    future.subscribe(() => seen.push(future.getSnapshot()));
    future[RECEIVE]([STARTED, sent('tick'), sent('tick'), returned('r')]);
    expect(seen).toEqual([
      { state: 'completed', cancellable: false, forceCancellable: false, done: true, result: 'r', ticks: 2 },
    ]);
  });

  it('notifies once on cancel(), and not for a batch that changes nothing', () => {
    const { future } = makeFuture();
    const listener = vi.fn();
    future.subscribe(listener);
    future.cancel();
    expect(listener).toHaveBeenCalledTimes(1);
    const snapshot = future.getSnapshot();
    future[RECEIVE]([STARTED, sent('tick')]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(future.getSnapshot()).toBe(snapshot);
    future[RECEIVE]([returned('r')]);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('does not notify for a refused cancel()', () => {
    const { future } = makeFuture();
    future[RECEIVE]([STARTED, returned('r')]);
    const listener = vi.fn();
    future.subscribe(listener);
    future.cancel();
    expect(listener).not.toHaveBeenCalled();
  });

  it('works unbound, as useSyncExternalStore calls it', () => {
    const { future } = makeFuture();
    const { subscribe, getSnapshot } = future;
    // The same functions each time: useSyncExternalStore resubscribes when `subscribe` changes.
    expect(future.subscribe).toBe(subscribe);
    expect(future.getSnapshot).toBe(getSnapshot);
    const listener = vi.fn(() => getSnapshot().state);
    const unsubscribe = subscribe(listener);
    expect(getSnapshot().state).toBe('waiting');
    future[RECEIVE]([STARTED]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveLastReturnedWith('executing');
    expect(getSnapshot()).toBe(future.getSnapshot());
    unsubscribe();
    future[RECEIVE]([returned('r')]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps subscriptions of the same listener apart, and unsubscribing is idempotent', () => {
    const { future } = makeFuture();
    const listener = vi.fn();
    const first = future.subscribe(listener);
    future.subscribe(listener);
    future[RECEIVE]([STARTED]);
    expect(listener).toHaveBeenCalledTimes(2);
    first();
    first();
    future[RECEIVE]([returned('r')]);
    expect(listener).toHaveBeenCalledTimes(3);
  });
});

describe('BaseFuture: settled()', () => {
  it('resolves with the future when it completes', async () => {
    const { future } = makeFuture();
    const settled = future.settled();
    expect(future.settled()).toBe(settled);
    future[RECEIVE]([STARTED, returned('r')]);
    await expect(settled).resolves.toBe(future);
  });

  it('resolves, never rejects, when the task fails', async () => {
    const { future } = makeFuture();
    const settled = future.settled();
    future[RECEIVE]([STARTED, RAISED]);
    await expect(settled).resolves.toBe(future);
    expect(future.state).toBe('failed');
  });

  it('resolves when cancelled, not at the cancel() request', async () => {
    const { future } = makeFuture();
    const settled = future.settled();
    let resolved = false;
    void settled.then(() => (resolved = true));
    future.cancel();
    await Promise.resolve();
    await Promise.resolve();
    expect(resolved).toBe(false);
    future[RECEIVE]([ABANDONED]);
    await expect(settled).resolves.toBe(future);
    expect(future.state).toBe('cancelled');
  });

  it('resolves at once on a future that is already done', async () => {
    const { future } = makeFuture();
    future[RECEIVE]([STARTED, returned('r')]);
    await expect(future.settled()).resolves.toBe(future);
  });

  it('stays pending while the future is not done', async () => {
    const { future } = makeFuture();
    let resolved = false;
    void future.settled().then(() => (resolved = true));
    future[RECEIVE]([STARTED, sent('tick')]);
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
    expect(resolved).toBe(false);
  });
});

describe('BaseFuture: throwing observers', () => {
  it('keeps calling other observers and reports the error to the reporter', () => {
    const { future } = makeFuture();
    const reporter = vi.fn();
    future[REPORT_ERRORS_TO] = reporter;
    const failure = new Error('observer failed');
    const calls: string[] = [];
    future.observe('state', () => {
      calls.push('first');
      throw failure;
    });
    future.observe('state', () => calls.push('second'));
    future.observe('done', () => calls.push('done'));
    future[RECEIVE]([STARTED, returned('r')]);
    expect(calls).toEqual(['first', 'second', 'first', 'second', 'done']);
    expect(reporter).toHaveBeenCalledTimes(2);
    expect(reporter).toHaveBeenCalledWith(failure);
    expect(future.state).toBe('completed');
  });

  it('reports a throwing subscriber and still notifies the others', () => {
    const { future } = makeFuture();
    const reporter = vi.fn();
    future[REPORT_ERRORS_TO] = reporter;
    const other = vi.fn();
    future.subscribe(() => {
      throw new Error('listener failed');
    });
    future.subscribe(other);
    future[RECEIVE]([STARTED]);
    expect(other).toHaveBeenCalledTimes(1);
    expect(reporter).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener failed' }));
  });

  it('reports a throwing observer of a custom event, and keeps the state machine going', () => {
    const { future } = makeFuture();
    const reporter = vi.fn();
    future[REPORT_ERRORS_TO] = reporter;
    future.observe('tick', () => {
      throw new Error('tick handler failed');
    });
    expect(() => future[RECEIVE]([STARTED, sent('tick'), returned('r')])).not.toThrow();
    expect(future.result).toBe('r');
    expect(reporter).toHaveBeenCalledTimes(1);
  });

  it('settles even when a done observer throws', async () => {
    const { future } = makeFuture();
    future[REPORT_ERRORS_TO] = () => undefined;
    future.observe('done', () => {
      throw new Error('done handler failed');
    });
    const settled = future.settled();
    future[RECEIVE]([STARTED, returned('r')]);
    await expect(settled).resolves.toBe(future);
  });

  it('reports to console.error when no reporter was set', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { future } = makeFuture();
    const failure = new Error('unattached observer failed');
    future.observe('state', () => {
      throw failure;
    });
    future.cancel();
    expect(future.state).toBe('cancelling');
    expect(consoleError).toHaveBeenCalledWith(expect.any(String), failure);
  });
});
