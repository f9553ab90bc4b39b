import { describe, expect, it } from 'vitest';
import { TaskCancelled, WorkerCrashedError } from '../../../src/core/errors.js';
import { marshalError } from '../../../src/core/marshal-error.js';

class PlainSubclass extends Error {}

class NamedSubclass extends Error {
  override readonly name = 'NamedSubclass';
}

describe('marshalError: errors', () => {
  it('keeps the class name, message and stack of built-in errors', () => {
    const error = new RangeError('too far');
    expect(marshalError(error)).toEqual({ type: 'RangeError', message: 'too far', stack: error.stack });
    expect(marshalError(new TypeError('bad')).type).toBe('TypeError');
    expect(marshalError(new Error('plain')).type).toBe('Error');
  });

  it('names a subclass by its constructor when it does not set name', () => {
    const info = marshalError(new PlainSubclass('sub'));
    expect(info.type).toBe('PlainSubclass');
    expect(info.message).toBe('sub');
  });

  it('names a subclass by its name property, like the library’s errors', () => {
    expect(marshalError(new NamedSubclass('x')).type).toBe('NamedSubclass');
    expect(marshalError(new TaskCancelled()).type).toBe('TaskCancelled');
    expect(marshalError(new TaskCancelled()).message).toBe('The task was cancelled');
  });

  it('makes up a stack when there is none', () => {
    const error = new SyntaxError('no stack');
    Reflect.deleteProperty(error, 'stack');
    expect(error.stack).toBeUndefined();
    expect(marshalError(error).stack).toBe('SyntaxError: no stack');
  });

  it('copies simple own properties as details, and skips the others', () => {
    const error = Object.assign(new Error('with details'), {
      code: 'ENOENT',
      errno: -2,
      fatal: false,
      path: null,
      nested: { not: 'copied' },
      callback: () => undefined,
    });
    expect(marshalError(error).details).toEqual({ code: 'ENOENT', errno: -2, fatal: false, path: null });
    expect(marshalError(new Error('none'))).not.toHaveProperty('details');
  });

  it('does not copy a cause', () => {
    const error = new Error('outer', { cause: 'a string cause' });
    expect(marshalError(error)).not.toHaveProperty('details');
  });

  it('marshals a WorkerCrashedError with its exit facts', () => {
    const error = new WorkerCrashedError('worker died', { exitCode: 3, signal: null, outOfMemory: false });
    const info = marshalError(error);
    expect(info.type).toBe('WorkerCrashedError');
    expect(info.details).toEqual({ exitCode: 3, signal: null, outOfMemory: false });
  });

  it('treats an error-like object as an error', () => {
    expect(marshalError({ name: 'CustomFailure', message: 'shaped like an error' })).toEqual({
      type: 'CustomFailure',
      message: 'shaped like an error',
      stack: 'CustomFailure: shaped like an error',
    });
    expect(marshalError({ message: 'anonymous' }).type).toBe('Error');
  });

  it('gives plain, cloneable data', () => {
    const info = marshalError(Object.assign(new Error('x'), { code: 1 }));
    expect(structuredClone(info)).toEqual(info);
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
  });
});

describe('marshalError: thrown non-errors', () => {
  it('marshals `throw 5`', () => {
    expect(marshalError(5)).toEqual({ type: 'number', message: '5', stack: 'Uncaught number: 5' });
  });

  it('marshals null and undefined', () => {
    expect(marshalError(null)).toEqual({ type: 'null', message: 'null', stack: 'Uncaught null: null' });
    expect(marshalError(undefined)).toEqual({
      type: 'undefined',
      message: 'undefined',
      stack: 'Uncaught undefined: undefined',
    });
  });

  it('marshals strings, symbols and plain objects', () => {
    expect(marshalError('just text')).toMatchObject({ type: 'string', message: 'just text' });
    expect(marshalError(Symbol('s'))).toMatchObject({ type: 'symbol', message: 'Symbol(s)' });
    expect(marshalError({ code: 1 })).toMatchObject({ type: 'object', message: '[object Object]' });
  });

  it('survives a value whose conversion to string throws', () => {
    const hostile = Object.create(null) as object;
    expect(marshalError(hostile)).toMatchObject({ type: 'object', message: '[object Object]' });
    const throwing = {
      toString(): string {
        throw new Error('no');
      },
    };
    expect(marshalError(throwing)).toMatchObject({ type: 'object', message: '[object Object]' });
  });
});
