import { describe, expect, it } from 'vitest';
import { InlineContext } from '../../../src/contexts/inline/inline-context.js';
import { WorkerContext } from '../../../src/contexts/worker-threads/worker-context.js';
import { Executor } from '../../../src/core/executor.js';
import type { ParallelContext } from '../../../src/core/parallel-context.js';
import { submitCall } from '../../../src/tasks/call/submit-call.js';
import { waitFor } from '../../../src/testing/wait-for.js';
import { TaskCancelled, WorkerCrashedError } from '../../../src/core/errors.js';
import { marshalError, type ExceptionInfo } from '../../../src/core/marshal-error.js';

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

describe('marshalError: values whose reads throw', () => {
  const boom = (): never => {
    throw new RangeError('boom');
  };

  function expectPlain(info: ExceptionInfo): void {
    expect(typeof info.type).toBe('string');
    expect(typeof info.message).toBe('string');
    expect(typeof info.stack).toBe('string');
    expect(structuredClone(info)).toEqual(info);
  }

  it('describes an error whose `message` getter throws, keeping its class name', () => {
    const error = new TypeError('hidden');
    const stack = error.stack;
    Object.defineProperty(error, 'message', { get: boom });
    const info = marshalError(error);
    expectPlain(info);
    expect(info.type).toBe('TypeError');
    expect(info.message).toBe('(the message could not be read: reading it threw RangeError: boom)');
    expect(info.stack).toBe(stack);
  });

  it('describes an error-like object whose `message` getter throws', () => {
    const info = marshalError({
      name: 'Custom',
      get message(): string {
        return boom();
      },
    });
    expectPlain(info);
    expect(info.type).toBe('Custom');
    expect(info.message).toContain('RangeError: boom');
  });

  it('describes an error whose `name`, `stack` and `constructor` getters throw', () => {
    const error = new Error('still readable');
    Object.defineProperty(error, 'stack', { get: boom });
    Object.defineProperty(error, 'name', { get: boom });
    Object.defineProperty(error, 'constructor', { get: boom });
    const info = marshalError(error);
    expectPlain(info);
    expect(info).toEqual({ type: 'Error', message: 'still readable', stack: 'Error: still readable' });
  });

  it('skips a `cause` getter and other own properties whose getters throw, keeping the readable ones', () => {
    const error = new Error('with getters');
    Object.defineProperty(error, 'cause', { get: boom, enumerable: true });
    Object.defineProperty(error, 'secret', { get: boom, enumerable: true });
    Object.assign(error, { code: 'E_OK' });
    const info = marshalError(error);
    expectPlain(info);
    expect(info.message).toBe('with getters');
    expect(info.details).toEqual({ code: 'E_OK' });
  });

  it('describes a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable(new Error('gone'), {});
    revoke();
    const info = marshalError(proxy);
    expectPlain(info);
    expect(info.type).toBe('object');
    expect(info.message).toMatch(/^\(a value that could not be read: reading it threw TypeError: .*revoked/);
    expect(info.stack).toBe(`Uncaught object: ${info.message}`);
  });

  it('describes a Proxy whose `getPrototypeOf` trap throws', () => {
    const info = marshalError(new Proxy(new SyntaxError('behind a proxy'), { getPrototypeOf: boom }));
    expectPlain(info);
    expect(info.type).toBe('SyntaxError');
    expect(info.message).toBe('behind a proxy');
  });

  it('describes a Proxy whose `getPrototypeOf` and `has` traps throw by converting it to a string', () => {
    const info = marshalError(new Proxy(new Error('behind a proxy'), { getPrototypeOf: boom, has: boom }));
    expectPlain(info);
    expect(info).toMatchObject({ type: 'object', message: 'Error: behind a proxy' });
  });

  it('describes a Proxy whose every trap throws', () => {
    const traps = Object.fromEntries(
      ['get', 'has', 'getPrototypeOf', 'ownKeys', 'getOwnPropertyDescriptor'].map((trap) => [trap, boom]),
    );
    const info = marshalError(new Proxy({}, traps));
    expectPlain(info);
    expect(info.message).toBe('(a value that could not be read: reading it threw RangeError: boom)');
  });

  it('describes an error whose keys cannot be listed', () => {
    const proxy = new Proxy(new Error('no keys'), { ownKeys: boom });
    const info = marshalError(proxy);
    expectPlain(info);
    expect(info.message).toBe('no keys');
    expect(info).not.toHaveProperty('details');
  });

  it('describes a message whose conversion to string throws', () => {
    const info = marshalError({ message: { toString: boom } });
    expectPlain(info);
    expect(info.message).toBe('(the message could not be read: reading it threw RangeError: boom)');
  });

  it('survives an error whose getter throws a value that is itself hostile', () => {
    const { proxy: hostile, revoke } = Proxy.revocable({}, {});
    revoke();
    const error = new Error('x');
    Object.defineProperty(error, 'message', {
      get(): never {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point: a task may throw anything
        throw hostile;
      },
    });
    const info = marshalError(error);
    expectPlain(info);
    expect(info.message).toBe('(the message could not be read: reading it threw an unreadable value)');
  });
});

describe.each([
  ['InlineContext', (): ParallelContext => new InlineContext()],
  ['WorkerContext', (): ParallelContext => new WorkerContext({ maxWorkers: 1 })],
])('marshalError: a hostile thrown value in a %s', (_, makeContext) => {
  // Self-contained functions: a WorkerContext sends their source text to the worker.
  const hostileTasks: readonly (readonly [string, () => never])[] = [
    [
      'an error whose message getter throws',
      () => {
        throw Object.defineProperty(new Error('x'), 'message', {
          get(): never {
            throw new Error('no message for you');
          },
        });
      },
    ],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the point: a task may throw anything
        throw proxy;
      },
    ],
  ];

  it.each(hostileTasks)('fails the future, not the host, when a task throws %s', async (_, task) => {
    const executor = new Executor({ context: makeContext() });
    const future = submitCall(executor, task);
    await waitFor(future, 'done', (f) => f.done, { timeout: 10_000 });
    expect(future.state).toBe('failed');
    expect(future.exception.message).toMatch(/could not be read: reading it threw/);
    await executor.shutdown();
  });
});
