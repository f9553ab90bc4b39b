/**
 * Turning anything a task throws into plain, cloneable facts, and back into an error.
 *
 * A task may throw anything, including values that fight back: a getter on `message` that
 * throws, a revoked Proxy, an object whose `toString` throws. Every read of the thrown value
 * is therefore guarded, and a read that fails is described instead of propagated, so that
 * marshalling never throws and the future always learns the best description there is.
 */

/** What a failed future tells about the error its task raised. */
export interface ExceptionInfo {
  /** The error's class name: `'RangeError'`, `'TaskCancelled'`, `'WorkerCrashedError'`… */
  readonly type: string;
  /** The error's message. */
  readonly message: string;
  /** The stack text, as it was in the background. */
  readonly stack: string;
  /** Extra own properties of the error that could be copied, such as `code` or `exitCode`. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Marshals any thrown value. Errors keep their class name, message, stack and simple own
 * properties; a thrown non-error (`throw 5`) becomes type `'number'` with message `'5'`.
 * Never throws: a part of the value that cannot be read (its getter throws, it is a revoked
 * Proxy) is left out or described as unreadable, with what reading it threw.
 */
export function marshalError(thrown: unknown): ExceptionInfo {
  if (isErrorShaped(thrown)) {
    const type = errorTypeName(thrown);
    const message = read(
      () => String(thrown.message),
      (failure) => `(the message could not be read: reading it threw ${describeFailure(failure)})`,
    );
    const stack = read(
      () => (typeof thrown.stack === 'string' ? thrown.stack : undefined),
      () => undefined,
    );
    const details = simpleOwnProperties(thrown);
    const info = { type, message, stack: stack ?? `${type}: ${message}` };
    return details === undefined ? info : { ...info, details };
  }
  const type = thrown === null ? 'null' : typeof thrown;
  const message = read(
    () => String(thrown),
    () =>
      read(
        () => Object.prototype.toString.call(thrown),
        (failure) => `(a value that could not be read: reading it threw ${describeFailure(failure)})`,
      ),
  );
  return { type, message, stack: `Uncaught ${type}: ${message}` };
}

interface ErrorLike {
  name?: unknown;
  message: unknown;
  stack?: unknown;
}

/** Calls `attempt`; if it throws, returns `fallback` of what it threw. */
function read<T>(attempt: () => T, fallback: (failure: unknown) => T): T {
  try {
    return attempt();
  } catch (failure) {
    return fallback(failure);
  }
}

/** A short text for what a failed read threw; itself guarded, as that value may be hostile too. */
function describeFailure(failure: unknown): string {
  return read(
    () => {
      const text = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
      if (typeof text !== 'string') throw new TypeError('not a string');
      return text;
    },
    () => 'an unreadable value',
  );
}

function isErrorShaped(value: unknown): value is ErrorLike {
  if (typeof value !== 'object' || value === null) return false;
  return (
    read(
      () => value instanceof Error,
      () => false,
    ) ||
    read(
      () => 'message' in value,
      () => false,
    )
  );
}

function errorTypeName(error: ErrorLike): string {
  const name = read(
    () => error.name,
    () => undefined,
  );
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  const constructorName = read(
    () => (error as { constructor?: { name?: unknown } }).constructor?.name,
    () => undefined,
  );
  if (typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object') {
    return constructorName;
  }
  return 'Error';
}

const SKIPPED_PROPERTIES = new Set(['name', 'message', 'stack', 'cause']);

function simpleOwnProperties(error: object): Record<string, string | number | boolean | null> | undefined {
  let details: Record<string, string | number | boolean | null> | undefined;
  const keys = read(
    () => Object.keys(error),
    () => [],
  );
  for (const key of keys) {
    if (SKIPPED_PROPERTIES.has(key)) continue;
    const value: unknown = read(
      () => (error as Record<string, unknown>)[key],
      () => undefined,
    );
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      details ??= {};
      details[key] = value as string | number | boolean | null;
    }
  }
  return details;
}
