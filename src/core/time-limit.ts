/**
 * The one rule for time limits (a task's `timeout`, a context's `taskTimeout`, the executor's
 * `shutdown({ timeout })`): a number of milliseconds of at least 0, where `Infinity` means no
 * limit. Hosts clamp timer delays above 2³¹−1 ms (about 24.8 days) and fire them at once, so a
 * longer finite limit is waited out by chaining timers: it runs out when it says, never early.
 */
import { expectedMessage } from './validation.js';

/** The longest delay a host timer waits without clamping it (2³¹−1 ms). */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * Checks a time limit and normalizes it: `undefined` (not given) and `Infinity` both mean no
 * limit and give `undefined`; any other number of at least 0 is kept.
 *
 * @throws {TypeError} when `value` is not a number of at least 0 (NaN and negatives included).
 */
export function normalizeTimeLimit(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new TypeError(expectedMessage(name, 'a number of milliseconds of at least 0 (or Infinity)', value));
  }
  return value === Infinity ? undefined : value;
}

/** How a {@link startTimeLimit} timer is made; hosts differ (Node's timers can be unref'd). */
export interface TimeLimitOptions {
  /** Whether the timer may keep the host process alive. @default true */
  readonly keepAlive?: boolean;
}

/**
 * Calls `callback` once `ms` milliseconds have passed (any finite `ms`, also above
 * {@link MAX_TIMER_DELAY}); returns a function that cancels it.
 */
export function startTimeLimit(ms: number, callback: () => void, options: TimeLimitOptions = {}): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const deadline = performance.now() + ms;
  const arm = (delay: number): void => {
    handle = setTimeout(() => {
      if (cancelled) return;
      const left = deadline - performance.now();
      // A chained step, or a host timer that fired a little early: wait for the rest.
      if (delay === MAX_TIMER_DELAY && left > 0) arm(Math.min(left, MAX_TIMER_DELAY));
      else callback();
    }, delay);
    if (options.keepAlive === false) (handle as { unref?: () => void }).unref?.();
  };
  arm(Math.min(ms, MAX_TIMER_DELAY));
  return () => {
    cancelled = true;
    clearTimeout(handle);
  };
}
