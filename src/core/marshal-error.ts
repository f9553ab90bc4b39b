/**
 * Turning anything a task throws into plain, cloneable facts, and back into an error.
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
 */
export function marshalError(thrown: unknown): ExceptionInfo {
  if (thrown instanceof Error || isErrorLike(thrown)) {
    const type = errorTypeName(thrown);
    const message = String(thrown.message);
    const stack = typeof thrown.stack === 'string' ? thrown.stack : `${type}: ${message}`;
    const details = simpleOwnProperties(thrown);
    return details === undefined ? { type, message, stack } : { type, message, stack, details };
  }
  const type = thrown === null ? 'null' : typeof thrown;
  let message: string;
  try {
    message = String(thrown);
  } catch {
    message = Object.prototype.toString.call(thrown);
  }
  return { type, message, stack: `Uncaught ${type}: ${message}` };
}

interface ErrorLike {
  name?: unknown;
  message: unknown;
  stack?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && 'message' in value;
}

function errorTypeName(error: ErrorLike): string {
  const constructorName: unknown = (error as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof error.name === 'string' && error.name !== '' && error.name !== 'Error') return error.name;
  if (typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object') {
    return constructorName;
  }
  return 'Error';
}

const SKIPPED_PROPERTIES = new Set(['name', 'message', 'stack', 'cause']);

function simpleOwnProperties(error: object): Record<string, string | number | boolean | null> | undefined {
  let details: Record<string, string | number | boolean | null> | undefined;
  for (const key of Object.keys(error)) {
    if (SKIPPED_PROPERTIES.has(key)) continue;
    const value: unknown = (error as Record<string, unknown>)[key];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      details ??= {};
      details[key] = value as string | number | boolean | null;
    }
  }
  return details;
}
