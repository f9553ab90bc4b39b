import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY, normalizeTimeLimit, startTimeLimit } from '../../../src/core/time-limit.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('normalizeTimeLimit', () => {
  it('keeps finite limits, and reads Infinity and undefined as no limit', () => {
    expect(normalizeTimeLimit('timeout', 0)).toBe(0);
    expect(normalizeTimeLimit('timeout', 2 ** 40)).toBe(2 ** 40);
    expect(normalizeTimeLimit('timeout', Infinity)).toBeUndefined();
    expect(normalizeTimeLimit('timeout', undefined)).toBeUndefined();
  });

  it('rejects what is not a number of at least 0, naming the option', () => {
    expect(() => normalizeTimeLimit('taskTimeout', -1)).toThrow(
      'Expected `taskTimeout` to be a number of milliseconds of at least 0 (or Infinity), got `-1` (number)',
    );
    expect(() => normalizeTimeLimit('timeout', Number.NaN)).toThrow(TypeError);
    expect(() => normalizeTimeLimit('timeout', '5')).toThrow(TypeError);
    expect(() => normalizeTimeLimit('timeout', -Infinity)).toThrow(TypeError);
  });
});

describe('startTimeLimit', () => {
  it('waits out a limit above 2^31-1 ms instead of firing at once', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    startTimeLimit(MAX_TIMER_DELAY * 2 + 5, fired);
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_DELAY * 2);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires a short limit once, and never after being cancelled', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    startTimeLimit(10, fired);
    const cancelled = vi.fn();
    const cancel = startTimeLimit(10, cancelled);
    cancel();
    vi.advanceTimersByTime(100);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('cancels a chained limit between its steps', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const cancel = startTimeLimit(MAX_TIMER_DELAY + 1000, fired);
    vi.advanceTimersByTime(MAX_TIMER_DELAY + 1);
    cancel();
    vi.advanceTimersByTime(MAX_TIMER_DELAY);
    expect(fired).not.toHaveBeenCalled();
  });
});
