import { describe, expect, it } from 'vitest';
import {
  builtinTask,
  describeTask,
  isTask,
  isTaskReference,
  locateTask,
  taskModule,
} from '../../../src/core/task-reference.js';

const URL_OF_TASKS = new URL('../../fixtures/tasks.ts', import.meta.url);
type Tasks = typeof import('../../fixtures/tasks.js');

describe('taskModule', () => {
  it('makes a reference for each property, naming the module URL and the export', () => {
    const tasks = taskModule<Tasks>(URL_OF_TASKS);
    const reference = tasks.square;
    expect(isTaskReference(reference)).toBe(true);
    expect(isTask(reference)).toBe(true);
    expect(locateTask(reference)).toEqual({ kind: 'module', url: URL_OF_TASKS.href, name: 'square' });
  });

  it('accepts a string URL', () => {
    const tasks = taskModule<Tasks>('file:///somewhere/tasks.js');
    expect(locateTask(tasks.count)).toEqual({
      kind: 'module',
      url: 'file:///somewhere/tasks.js',
      name: 'count',
    });
  });

  it('gives the same, frozen reference each time', () => {
    const tasks = taskModule<Tasks>(URL_OF_TASKS);
    expect(tasks.square).toBe(tasks.square);
    expect(tasks.square).not.toBe(tasks.count);
    expect(Object.isFrozen(tasks.square)).toBe(true);
  });

  it('references names it cannot check (the worker reports them), but is not a thenable', async () => {
    const tasks = taskModule<Record<string, () => void>>(URL_OF_TASKS);
    expect(locateTask(tasks['missing']!)).toMatchObject({ name: 'missing' });
    expect((tasks as Record<string, unknown>)['then']).toBeUndefined();
    // Awaiting the proxy must not hang or call anything.
    await expect(Promise.resolve(tasks)).resolves.toBe(tasks);
    expect((tasks as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
  });

  it('rejects a URL that is neither a URL nor a string', () => {
    expect(() => taskModule(42 as unknown as string)).toThrow(
      new TypeError('Expected `url` to be a URL or a string, got `42` (number)'),
    );
  });

  it('survives structured clone as a location, not as a reference', () => {
    const tasks = taskModule<Tasks>(URL_OF_TASKS);
    expect(structuredClone(locateTask(tasks.square))).toEqual(locateTask(tasks.square));
  });
});

describe('references, functions and locations', () => {
  it('locates a built-in runner', () => {
    expect(locateTask(builtinTask('call'))).toEqual({ kind: 'builtin', name: 'call' });
  });

  it('locates an inline function by its source text', () => {
    const fn = (a: number): number => a + 1;
    expect(locateTask(fn)).toEqual({ kind: 'source', source: Function.prototype.toString.call(fn) });
    expect(isTask(fn)).toBe(true);
    expect(isTaskReference(fn)).toBe(false);
  });

  it('tells what is not a task', () => {
    for (const value of [null, undefined, 1, 'square', {}, { kind: 'module' }]) {
      expect(isTask(value)).toBe(false);
      expect(isTaskReference(value)).toBe(false);
    }
  });

  it('describes each kind of location, shortening long sources', () => {
    expect(describeTask({ kind: 'module', url: 'file:///t.js', name: 'square' })).toBe(
      'export `square` of file:///t.js',
    );
    expect(describeTask({ kind: 'builtin', name: 'call' })).toBe('built-in runner `call`');
    expect(describeTask({ kind: 'source', source: '() => 1' })).toBe('inline function `() => 1`');
    const long = describeTask({ kind: 'source', source: `() => ${'1 + '.repeat(40)}1` });
    expect(long).toMatch(/^inline function `.{47}\.\.\.`$/);
  });
});
