/**
 * One template for every message about a bad option or argument:
 * "Expected `x` to be …, got `v` (type)".
 */

/** Describes `value` and its type for an error message. */
export function describeValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'function') shown = value.name === '' ? '[function]' : `[function ${value.name}]`;
  else if (typeof value === 'string') shown = JSON.stringify(value);
  else if (typeof value === 'number') shown = String(value);
  else if (typeof value === 'bigint') shown = `${value}n`;
  else if (value instanceof Map || value instanceof Set) shown = `${value.constructor.name}(${value.size})`;
  else if (typeof value === 'symbol') shown = value.toString();
  else {
    try {
      shown = value === undefined ? 'undefined' : JSON.stringify(value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
  }
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `\`${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}\` (${type})`;
}

/** The standard message for a value that is not what `name` must be. */
export function expectedMessage(name: string, expectation: string, value: unknown): string {
  return `Expected \`${name}\` to be ${expectation}, got ${describeValue(value)}`;
}

/**
 * Checks that `value` is an options object (or `undefined`, meaning defaults).
 *
 * @throws {TypeError} otherwise.
 */
export function assertOptions(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(expectedMessage(name, 'an object', value));
  }
}

/**
 * Checks that `value` is a positive integer.
 *
 * @throws {TypeError} otherwise.
 */
export function assertPositiveInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(expectedMessage(name, 'a positive integer', value));
  }
}

/**
 * Checks that `value` is a finite, non-negative number.
 *
 * @throws {TypeError} otherwise.
 */
export function assertNonNegativeNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(expectedMessage(name, 'a finite number of at least 0', value));
  }
}
