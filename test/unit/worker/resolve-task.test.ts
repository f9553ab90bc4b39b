import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { TaskResolutionError } from '../../../src/core/errors.js';
import { runCall } from '../../../src/tasks/call/call-task.js';
import { runIteration } from '../../../src/tasks/iteration/iteration-task.js';
import { runProgress } from '../../../src/tasks/progress/progress-task.js';
import { inlineSourceOf, resolveTask } from '../../../src/worker/resolve-task.js';
import type { AnyFunction } from '../../../src/core/task-reference.js';

const FIXTURE = new URL('./fixtures/mixed-exports.ts', import.meta.url).href;

async function resolutionError(run: () => unknown): Promise<TaskResolutionError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(TaskResolutionError);
    return error as TaskResolutionError;
  }
  return expect.fail('expected a TaskResolutionError');
}

describe('resolveTask: built-ins', () => {
  it('resolves the three built-in runners', () => {
    expect(resolveTask({ kind: 'builtin', name: 'call' })).toBe(runCall);
    expect(resolveTask({ kind: 'builtin', name: 'iteration' })).toBe(runIteration);
    expect(resolveTask({ kind: 'builtin', name: 'progress' })).toBe(runProgress);
  });

  it('names an unknown built-in', async () => {
    const error = await resolutionError(() => resolveTask({ kind: 'builtin', name: 'teleport' }));
    expect(error.message).toBe('There is no built-in runner named `teleport`.');
  });
});

describe('resolveTask: inline source', () => {
  it('compiles an arrow function, synchronously', () => {
    const fn = resolveTask({ kind: 'source', source: '(a, b) => a + b' });
    expect(fn).toBeTypeOf('function');
    expect((fn as AnyFunction)(2, 3)).toBe(5);
  });

  it('compiles function expressions, async and generator functions', async () => {
    const named = resolveTask({
      kind: 'source',
      source: 'function add(a, b) { return a + b; }',
    }) as AnyFunction;
    expect(named(1, 2)).toBe(3);
    const asynchronous = resolveTask({ kind: 'source', source: 'async (x) => x * 2' }) as AnyFunction;
    await expect(asynchronous(4)).resolves.toBe(8);
    const generator = resolveTask({
      kind: 'source',
      source: 'function* () { yield 1; yield 2; }',
    }) as AnyFunction;
    expect([...(generator() as Iterable<number>)]).toEqual([1, 2]);
  });

  it('compiles the source text of a real function, as the main thread sends it', () => {
    const original = (n: number): number => n * n;
    const fn = resolveTask({
      kind: 'source',
      source: Function.prototype.toString.call(original),
    }) as AnyFunction;
    expect(fn(9)).toBe(81);
  });

  it('compiles method shorthand, `name(args) { … }`', () => {
    const holder = {
      square(n: number): number {
        return n * n;
      },
    };
    // What Function.prototype.toString gives for a method of an object literal.
    const [method] = Object.values(holder);
    const shorthand = Function.prototype.toString.call(method);
    expect(shorthand).toMatch(/^square\(n\)/);
    expect((resolveTask({ kind: 'source', source: shorthand }) as AnyFunction)(4)).toBe(16);
    const items = resolveTask({ kind: 'source', source: '*items() { yield 7; }' }) as AnyFunction;
    expect([...(items() as Iterable<number>)]).toEqual([7]);
    const later = resolveTask({ kind: 'source', source: 'async later(n) { return n; }' }) as AnyFunction;
    expect(later(1)).toBeInstanceOf(Promise);
  });

  it('compiles in the global scope: the function sees no local of the resolver', () => {
    const fn = resolveTask({ kind: 'source', source: '() => typeof resolved' }) as AnyFunction;
    expect(fn()).toBe('undefined');
  });

  it('explains that native and bound functions have no source', async () => {
    for (const fn of [Math.max, [].push, function named() {}.bind(null)]) {
      const source = Function.prototype.toString.call(fn);
      const error = await resolutionError(() => resolveTask({ kind: 'source', source }));
      expect(error.message).toMatch(/native and bound functions have no source text/);
      expect(error.message).toMatch(/taskModule\(\)/);
    }
  });

  it('says why source text does not compile', async () => {
    const error = await resolutionError(() => resolveTask({ kind: 'source', source: 'function (' }));
    expect(error.message).toMatch(/^Could not compile the inline task function \(/);
    expect(error.message).toMatch(/taskModule\(\)/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects source that is not a function', async () => {
    const error = await resolutionError(() => resolveTask({ kind: 'source', source: '42' }));
    expect(error.message).toMatch(/not a function/);
  });

  it('remembers compiled functions and their source', () => {
    const source = '(x) => x + 1000';
    const first = resolveTask({ kind: 'source', source });
    expect(resolveTask({ kind: 'source', source })).toBe(first);
    expect(inlineSourceOf(first)).toBe(source);
    expect(inlineSourceOf(() => 1)).toBeUndefined();
    expect(inlineSourceOf('not a function')).toBeUndefined();
  });
});

/**
 * The source text the main thread sends for `source` written in a file that esbuild compiles
 * with `keepNames`, as tsx, Vite and Vitest do: named inner functions are wrapped in `__name`.
 */
async function keptNamesSource(source: string): Promise<string> {
  const { code } = await transform(`export const task = ${source};`, {
    loader: 'ts',
    format: 'esm',
    keepNames: true,
  });
  const module = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { task: AnyFunction };
  return Function.prototype.toString.call(module.task);
}

describe('resolveTask: inline source compiled by esbuild (tsx, Vite)', () => {
  it('runs a function whose inner functions esbuild wrapped in `__name`', async () => {
    const objectOfFunctions = await keptNamesSource('() => ({ fn: () => 1 }).fn()');
    expect(objectOfFunctions).toContain('__name(');
    expect((resolveTask({ kind: 'source', source: objectOfFunctions }) as AnyFunction)()).toBe(1);

    const namedInner = await keptNamesSource(
      '(n: number) => { function inner(x: number) { return x + 1; } return [inner(n), inner.name]; }',
    );
    expect(namedInner).toContain('__name(');
    expect((resolveTask({ kind: 'source', source: namedInner }) as AnyFunction)(1)).toEqual([2, 'inner']);
  });

  it('keeps `__name` out of the global scope', async () => {
    const source = await keptNamesSource(
      '() => { function inner() { return typeof globalThis.__name; } return inner(); }',
    );
    expect((resolveTask({ kind: 'source', source }) as AnyFunction)()).toBe('undefined');
  });
});

describe('resolveTask: modules', () => {
  it('imports a function export, then serves it synchronously from the cache', async () => {
    const location = { kind: 'module', url: FIXTURE, name: 'double' } as const;
    const pending = resolveTask(location);
    expect(pending).toBeInstanceOf(Promise);
    const fn = await pending;
    expect(fn(21)).toBe(42);
    expect(resolveTask(location)).toBe(fn);
  });

  it('lists the function exports when the name is missing', async () => {
    const error = await resolutionError(() =>
      resolveTask({ kind: 'module', url: FIXTURE, name: 'quadruple' }),
    );
    expect(error.message).toBe(
      `Task module ${FIXTURE} has no function export named \`quadruple\`. Its function exports are: double, triple.`,
    );
  });

  it('says what a non-function export is', async () => {
    const error = await resolutionError(() => resolveTask({ kind: 'module', url: FIXTURE, name: 'limit' }));
    expect(error.message).toMatch(/no function export named `limit` \(it is a number\)/);
    expect(error.message).toMatch(/Its function exports are: double, triple\./);
  });

  it('shortens a data: URL and says when a bundler inlined a .ts file as an asset', async () => {
    // What `vite build` makes of new URL('./tasks.ts', import.meta.url): the TypeScript source
    // inlined with the MPEG transport stream media type.
    const source = `export function slowSquare(n: number): number {\n${'  // padding\n'.repeat(200)}  return n * n;\n}\n`;
    const url = `data:video/mp2t;base64,${Buffer.from(source).toString('base64')}`;
    const error = await resolutionError(() => resolveTask({ kind: 'module', url, name: 'slowSquare' }));
    expect(error.message).toMatch(
      /^Could not load task module data:video\/mp2t;base64,… \(\d+ characters\): it is not JavaScript/,
    );
    expect(error.message).toMatch(/Your bundler inlined a \.ts file as an asset/);
    expect(error.message).toMatch(/serveTasks/);
    expect(error.message.length).toBeLessThan(600);
  });

  it('shortens a data: URL of JavaScript that does not load', async () => {
    const url = `data:text/javascript,${encodeURIComponent(`export const x = ;${' '.repeat(3000)}`)}`;
    const error = await resolutionError(() => resolveTask({ kind: 'module', url, name: 'x' }));
    expect(error.message).toMatch(/^Could not load task module data:text\/javascript,… \(\d+ characters\): /);
    expect(error.message).not.toContain(url);
    expect(error.message.length).toBeLessThan(600);
  });

  it('explains a module that cannot be loaded', async () => {
    const url = new URL('./fixtures/does-not-exist.js', import.meta.url).href;
    const error = await resolutionError(() => resolveTask({ kind: 'module', url, name: 'anything' }));
    expect(error.message).toMatch(
      new RegExp(`^Could not load task module ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(error.cause).toBeDefined();
  });
});
