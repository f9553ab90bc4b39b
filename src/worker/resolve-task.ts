/**
 * Turning a task location back into a function, inside a worker: importing a task module,
 * picking a built-in runner, or compiling an inline function's source text.
 */
import { TaskResolutionError } from '../core/errors.js';
import { locationKey, type TaskLocation } from '../core/messages.js';
import type { AnyFunction } from '../core/task-reference.js';
import { BUILTIN_RUNNERS } from './builtin-runners.js';
import { registeredTaskModule } from './task-module-registry.js';

/**
 * Functions resolved by location key, least recently used first, at most
 * {@link RESOLVED_CAPACITY}: distinct inline sources must not grow a worker's heap for ever.
 * (Modules stay loaded anyway; a dropped inline function is compiled again if used again.)
 */
const resolved = new Map<string, AnyFunction>();
/** How many resolved functions {@link resolveTask} keeps by key. */
export const RESOLVED_CAPACITY = 256;
/** Fast path: a location object seen before, found without building its key. */
const resolvedByLocation = new WeakMap<TaskLocation, AnyFunction>();
const inlineSources = new WeakMap<AnyFunction, string>();

/**
 * The function at `location`. Synchronous when it was resolved before, so that a hot path
 * costs no extra turn of the event loop.
 *
 * @throws {TaskResolutionError} (or rejects) when there is no such function.
 */
export function resolveTask(location: TaskLocation): AnyFunction | Promise<AnyFunction> {
  const known = resolvedByLocation.get(location);
  if (known !== undefined) return known;
  const key = locationKey(location);
  const cached = resolved.get(key);
  if (cached !== undefined) {
    resolved.delete(key);
    return remember(key, location, cached);
  }
  switch (location.kind) {
    case 'builtin':
      return remember(key, location, builtinRunner(location.name));
    case 'source':
      return remember(key, location, compileInline(location.source));
    case 'module':
      return importExport(location.url, location.name).then((fn) => remember(key, location, fn));
  }
}

/** The source text of `fn` if it was compiled from an inline function. */
export function inlineSourceOf(fn: unknown): string | undefined {
  return typeof fn === 'function' ? inlineSources.get(fn as AnyFunction) : undefined;
}

/** How many functions are kept by location key (at most {@link RESOLVED_CAPACITY}). */
export function resolvedCount(): number {
  return resolved.size;
}

function remember(key: string, location: TaskLocation, fn: AnyFunction): AnyFunction {
  if (resolved.size >= RESOLVED_CAPACITY) resolved.delete(resolved.keys().next().value as string);
  resolved.set(key, fn);
  resolvedByLocation.set(location, fn);
  return fn;
}

function builtinRunner(name: string): AnyFunction {
  const runner = (BUILTIN_RUNNERS as Readonly<Record<string, AnyFunction>>)[name];
  if (runner === undefined) throw new TaskResolutionError(`There is no built-in runner named \`${name}\`.`);
  return runner;
}

async function importExport(url: string, name: string): Promise<AnyFunction> {
  let module: Readonly<Record<string, unknown>>;
  try {
    module =
      registeredTaskModule(url) ??
      ((await import(/* @vite-ignore */ /* webpackIgnore: true */ url)) as Record<string, unknown>);
  } catch (error) {
    throw new TaskResolutionError(
      `Could not load task module ${url}: ${error instanceof Error ? error.message : String(error)}. ` +
        'Check that the URL points at a JavaScript module the worker can import (build TypeScript first, or run under a TypeScript loader).',
      { cause: error },
    );
  }
  const value = module[name];
  if (typeof value !== 'function') {
    const exported = Object.keys(module).filter((key) => typeof module[key] === 'function');
    throw new TaskResolutionError(
      `Task module ${url} has no function export named \`${name}\`` +
        (value === undefined ? '' : ` (it is a ${typeof value})`) +
        `. Its function exports are: ${exported.length === 0 ? '(none)' : exported.join(', ')}.`,
    );
  }
  return value as AnyFunction;
}

function compileInline(source: string): AnyFunction {
  let fn: unknown;
  try {
    fn = evaluate(`(${source})`);
  } catch (expressionError) {
    // A method shorthand, `name(a) { … }`, is only valid inside an object literal.
    try {
      fn = Object.values(evaluate(`({${source}})`) as object)[0];
    } catch {
      throw inlineCompileError(source, expressionError);
    }
  }
  if (typeof fn !== 'function') throw inlineCompileError(source, new TypeError('not a function'));
  inlineSources.set(fn as AnyFunction, source);
  return fn as AnyFunction;
}

function evaluate(code: string): unknown {
  // Indirect eval runs in the global scope: the inline function sees no local of this module.
  return (0, eval)(code);
}

function inlineCompileError(source: string, cause: unknown): TaskResolutionError {
  const native = /\{\s*\[native code\]\s*\}\s*$/.test(source);
  return new TaskResolutionError(
    native
      ? 'An inline task function must be written in JavaScript: native and bound functions have no source text to send to a worker. Wrap the call in an arrow function, or export it from a task module and use taskModule().'
      : `Could not compile the inline task function (${cause instanceof Error ? cause.message : String(cause)}). ` +
          'Inline functions are sent to the worker as source text; if the platform forbids evaluating code (a Content-Security-Policy without unsafe-eval), use taskModule() instead.',
    { cause },
  );
}
