import { describe, expect, it } from 'vitest';
import {
  assertNonNegativeNumber,
  assertOptions,
  assertPositiveInteger,
  describeValue,
  expectedMessage,
} from '../../../src/core/validation.js';

describe('describeValue', () => {
  it('shows each kind of value with its type', () => {
    expect(describeValue(0)).toBe('`0` (number)');
    expect(describeValue('two')).toBe('`"two"` (string)');
    expect(describeValue(true)).toBe('`true` (boolean)');
    expect(describeValue(undefined)).toBe('`undefined` (undefined)');
    expect(describeValue(null)).toBe('`null` (null)');
    expect(describeValue([1, 2])).toBe('`[1,2]` (array)');
    expect(describeValue({ a: 1 })).toBe('`{"a":1}` (object)');
    expect(describeValue(10n)).toBe('`10n` (bigint)');
    expect(describeValue(Symbol('s'))).toBe('`Symbol(s)` (symbol)');
  });

  it('shows numbers JSON would turn into null, and the size of Maps and Sets', () => {
    expect(describeValue(Number.NaN)).toBe('`NaN` (number)');
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe('`Infinity` (number)');
    expect(describeValue(new Map([[1, 2]]))).toBe('`Map(1)` (object)');
    expect(describeValue(new Set())).toBe('`Set(0)` (object)');
  });

  it('names functions', () => {
    function named(): void {}
    expect(describeValue(named)).toBe('`[function named]` (function)');
    expect(describeValue(Object.defineProperty(() => 1, 'name', { value: '' }))).toBe(
      '`[function]` (function)',
    );
  });

  it('survives values JSON cannot show', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(describeValue(circular)).toBe('`[object Object]` (object)');
  });

  it('shortens long values to 60 characters', () => {
    const shown = describeValue('x'.repeat(100));
    const inner = /^`(.*)` \(string\)$/.exec(shown)?.[1];
    expect(inner).toHaveLength(60);
    expect(inner?.endsWith('...')).toBe(true);
    expect(describeValue('y'.repeat(58))).toBe(`\`"${'y'.repeat(58)}"\` (string)`);
  });
});

describe('expectedMessage', () => {
  it('follows the template "Expected `x` to be …, got `v` (type)"', () => {
    expect(expectedMessage('maxWorkers', 'a positive integer', 0)).toBe(
      'Expected `maxWorkers` to be a positive integer, got `0` (number)',
    );
  });
});

describe('assertions', () => {
  it('assertOptions accepts objects and undefined only', () => {
    expect(() => assertOptions('options', {})).not.toThrow();
    expect(() => assertOptions('options', undefined)).not.toThrow();
    expect(() => assertOptions('options', null)).toThrow(
      new TypeError('Expected `options` to be an object, got `null` (null)'),
    );
    expect(() => assertOptions('options', 'x')).toThrow(TypeError);
  });

  it('assertPositiveInteger accepts 1, 2, … only', () => {
    for (const good of [1, 2, 64, Number.MAX_SAFE_INTEGER])
      expect(() => assertPositiveInteger('n', good)).not.toThrow();
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null, undefined]) {
      expect(() => assertPositiveInteger('n', bad)).toThrow(TypeError);
    }
    expect(() => assertPositiveInteger('maxWorkers', 0)).toThrow(
      'Expected `maxWorkers` to be a positive integer, got `0` (number)',
    );
  });

  it('assertNonNegativeNumber accepts finite numbers ≥ 0', () => {
    for (const good of [0, 0.5, 100]) expect(() => assertNonNegativeNumber('timeout', good)).not.toThrow();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5', null]) {
      expect(() => assertNonNegativeNumber('timeout', bad)).toThrow(TypeError);
    }
    expect(() => assertNonNegativeNumber('timeout', -0.5)).toThrow(
      'Expected `timeout` to be a finite number of at least 0, got `-0.5` (number)',
    );
  });
});
