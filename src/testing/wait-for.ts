/**
 * Waiting, in tests, until an observable object reaches a condition.
 */
import { WaitTimeoutError } from '../core/errors.js';
import { assertNonNegativeNumber } from '../core/validation.js';

/** Anything with `observe(name, handler)`: a future or an executor. */
export interface Observable {
  observe(name: never, handler: () => void): () => void;
}

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** How long to wait, in milliseconds. @default 5000 */
  readonly timeout?: number;
}

/**
 * Resolves when `condition(object)` holds: at once if it holds already, otherwise checked at
 * each change of `name`. Rejects with a {@link WaitTimeoutError} when `timeout` runs out, and
 * with the condition's own error whenever it throws (at the first check, at a change, or at
 * the timeout); never throws synchronously.
 *
 * @example
 * ```ts
 * await waitFor(future, 'done', (f) => f.done, { timeout: 5000 });
 * await waitFor(executor, 'stopped', (e) => e.stopped);
 * ```
 */
export function waitFor<TObject extends Observable>(
  object: TObject,
  name: Parameters<TObject['observe']>[0],
  condition: (object: TObject) => boolean,
  options: WaitForOptions = {},
): Promise<TObject> {
  // Every throw inside the executor, a bad timeout or the first check, becomes a rejection.
  return new Promise((resolve, reject) => {
    const timeout = options.timeout ?? 5000;
    assertNonNegativeNumber('timeout', timeout);
    /** The condition's value, or {@link THREW} when it threw: the wait is then rejected with its error. */
    const check = (): boolean | typeof THREW => {
      try {
        return condition(object);
      } catch (error) {
        reject(asError(error));
        return THREW;
      }
    };
    const first = check();
    if (first === THREW) return;
    if (first) {
      resolve(object);
      return;
    }
    const observe = object.observe.bind(object) as (name: string, handler: () => void) => () => void;
    const stop = observe(name, () => {
      const holds = check();
      if (holds === THREW) finish();
      else if (holds) {
        finish();
        resolve(object);
      }
    });
    const timer = setTimeout(() => {
      finish();
      const holds = check();
      if (holds === THREW) return;
      const state = (object as { state?: unknown }).state;
      reject(
        new WaitTimeoutError(
          `waitFor timed out after ${timeout} ms waiting on '${String(name)}' of ${object.constructor.name}` +
            `${typeof state === 'string' ? ` (state: '${state}')` : ''}; the condition was ${String(holds)} at timeout.`,
        ),
      );
    }, timeout);
    function finish(): void {
      clearTimeout(timer);
      stop();
    }
  });
}

/** What `check` gives when the condition threw. */
const THREW = Symbol('threw');

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
