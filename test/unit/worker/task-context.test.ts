import { describe, expect, it, vi } from 'vitest';
import { TaskCancelled } from '../../../src/core/errors.js';
import { BackgroundTaskContext } from '../../../src/worker/task-context.js';

function makeContext(): {
  context: BackgroundTaskContext;
  flag: { set: boolean };
  send: ReturnType<typeof vi.fn>;
} {
  const flag = { set: false };
  const send = vi.fn();
  return { context: new BackgroundTaskContext(() => flag.set, send), flag, send };
}

describe('BackgroundTaskContext', () => {
  it('passes send(type, arg) on while open', () => {
    const { context, send } = makeContext();
    context.send('fizz', 3);
    context.send('buzz');
    expect(send.mock.calls).toEqual([
      ['fizz', 3],
      ['buzz', undefined],
    ]);
  });

  it('refuses send() after the task ended, naming the type', () => {
    const { context, send } = makeContext();
    context.close();
    expect(() => context.send('late', 1)).toThrow(/send\('late'\) was called after the task ended/);
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a message type that is not a string', () => {
    const { context, send } = makeContext();
    expect(() => context.send(5 as unknown as string)).toThrow(TypeError);
    expect(send).not.toHaveBeenCalled();
  });

  it('reads the shared flag synchronously, and aborts the signal on first sight', () => {
    const { context, flag } = makeContext();
    const signal = context.signal;
    expect(context.cancelled()).toBe(false);
    expect(signal.aborted).toBe(false);
    flag.set = true;
    expect(signal.aborted).toBe(false);
    expect(context.cancelled()).toBe(true);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(TaskCancelled);
    // Once seen, cancellation stays.
    flag.set = false;
    expect(context.cancelled()).toBe(true);
  });

  it('makes a signal read after cancellation already aborted', () => {
    const { context, flag } = makeContext();
    flag.set = true;
    expect(context.cancelled()).toBe(true);
    expect(context.signal.aborted).toBe(true);
    expect(context.signal).toBe(context.signal);
  });

  it('requestCancel() (a cancel message) cancels without the flag, once', () => {
    const { context } = makeContext();
    const onAbort = vi.fn();
    context.signal.addEventListener('abort', onAbort);
    context.requestCancel();
    context.requestCancel();
    expect(context.cancelled()).toBe(true);
    expect(onAbort).toHaveBeenCalledTimes(1);
  });
});
