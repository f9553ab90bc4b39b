import { afterEach, describe, expect, it, vi } from 'vitest';
import { WaitTimeoutError } from '../../../src/core/errors.js';
import { waitFor } from '../../../src/testing/wait-for.js';

type Handler = () => void;

/** A minimal observable: `value` changes by `set`, which fires `value` observers. */
class Counter {
  state = 'idle';
  value = 0;
  readonly handlers = new Set<Handler>();

  observe(name: 'value', handler: Handler): () => void {
    expect(name).toBe('value');
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  set(value: number): void {
    this.value = value;
    for (const handler of [...this.handlers]) handler();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('waitFor', () => {
  it('resolves at once with the object when the condition holds already, observing nothing', async () => {
    const counter = new Counter();
    await expect(waitFor(counter, 'value', (c) => c.value === 0, { timeout: 1000 })).resolves.toBe(counter);
    expect(counter.handlers.size).toBe(0);
  });

  it('checks at each change and resolves when the condition holds, then stops observing', async () => {
    vi.useFakeTimers();
    const counter = new Counter();
    const condition = vi.fn((c: Counter) => c.value >= 2);
    const waiting = waitFor(counter, 'value', condition, { timeout: 1000 });
    expect(counter.handlers.size).toBe(1);
    counter.set(1);
    expect(counter.handlers.size).toBe(1);
    counter.set(2);
    await expect(waiting).resolves.toBe(counter);
    expect(counter.handlers.size).toBe(0);
    expect(condition).toHaveBeenCalledTimes(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with a WaitTimeoutError naming the event, the class and the state', async () => {
    vi.useFakeTimers();
    const counter = new Counter();
    const waiting = waitFor(counter, 'value', (c) => c.value > 5, { timeout: 250 });
    const outcome = waiting.then(
      () => undefined,
      (error: unknown) => error,
    );
    vi.advanceTimersByTime(249);
    counter.set(3);
    vi.advanceTimersByTime(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      "waitFor timed out after 250 ms waiting on 'value' of Counter (state: 'idle'); the condition was false at timeout.",
    );
    expect(counter.handlers.size).toBe(0);
  });

  it('uses a 5 second default timeout', async () => {
    vi.useFakeTimers();
    const counter = new Counter();
    const outcome = waitFor(counter, 'value', () => false).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    vi.advanceTimersByTime(4999);
    expect(counter.handlers.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await outcome).toBeInstanceOf(WaitTimeoutError);
  });

  it('rejects with the error of a throwing condition, and stops observing', async () => {
    vi.useFakeTimers();
    const counter = new Counter();
    const failure = new RangeError('condition failed');
    const waiting = waitFor(
      counter,
      'value',
      (c) => {
        if (c.value === 1) throw failure;
        return false;
      },
      { timeout: 1000 },
    );
    counter.set(1);
    await expect(waiting).rejects.toBe(failure);
    expect(counter.handlers.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects, never throws, when the condition throws on the first check', async () => {
    const counter = new Counter();
    const failure = new RangeError('throws at once');
    let waiting: Promise<Counter> | undefined;
    expect(() => {
      waiting = waitFor(
        counter,
        'value',
        () => {
          throw failure;
        },
        { timeout: 1000 },
      );
    }).not.toThrow();
    await expect(waiting).rejects.toBe(failure);
    expect(counter.handlers.size).toBe(0);
  });

  it('rejects with the error of a condition that throws when checked at the timeout', async () => {
    vi.useFakeTimers();
    const counter = new Counter();
    const failure = new RangeError('throws late');
    let checks = 0;
    const waiting = waitFor(
      counter,
      'value',
      () => {
        checks++;
        if (checks > 2) throw failure;
        return false;
      },
      { timeout: 100 },
    );
    const outcome = waiting.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    counter.set(1);
    vi.advanceTimersByTime(100);
    expect(await outcome).toBe(failure);
    expect(counter.handlers.size).toBe(0);
  });

  it('wraps a thrown non-error in an Error', async () => {
    const counter = new Counter();
    const waiting = waitFor(
      counter,
      'value',
      (c) => {
        if (c.value === 1) throw 'a string' as unknown as Error;
        return false;
      },
      { timeout: 1000 },
    );
    counter.set(1);
    await expect(waiting).rejects.toThrow(new Error('a string'));
  });

  it('refuses a bad timeout with a TypeError', async () => {
    const counter = new Counter();
    // Whether it throws or rejects, the caller's `await` sees the TypeError.
    await expect((async () => waitFor(counter, 'value', () => false, { timeout: -1 }))()).rejects.toThrow(
      'Expected `timeout` to be a finite number of at least 0, got `-1` (number)',
    );
    expect(counter.handlers.size).toBe(0);
  });
});
