/**
 * Telling a promise-like value from a plain one, as `await` does.
 */

/** Whether `value` is a thenable (an object or function with a `then` method), which `await` would wait for. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
