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
    module = registeredTaskModule(url) ?? (await importModule(url));
  } catch (error) {
    throw new TaskResolutionError(loadFailureMessage(url, error), { cause: error });
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

async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ url)) as Record<string, unknown>;
  } catch (error) {
    // `new URL('./tasks.js', import.meta.url)` names the file `tsc` emits. Run from source with
    // Node's own type stripping (`node main.ts`), only `tasks.ts` exists: load that instead, as
    // tsx does.
    const source = typeScriptSource(url, error);
    if (source === undefined) throw error;
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ source)) as Record<string, unknown>;
  }
}

/** The `.ts` twin of a `.js` file URL that was not found, where the runtime strips types itself. */
function typeScriptSource(url: string, error: unknown): string | undefined {
  const runtime = nodeRuntime();
  if (runtime?.features?.typescript === undefined || runtime.features.typescript === false) return undefined;
  if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const match = /^(file:.*)\.(m?)js$/.exec(url);
  return match === null ? undefined : `${match[1]}.${match[2]}ts`;
}

/** Why a task module could not be loaded, and what to do, with `data:` URLs shortened. */
function loadFailureMessage(url: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  const dataUrl = /^data:([^;,]*)[^,]*,/i.exec(url);
  if (dataUrl !== null) {
    const mediaType = dataUrl[1] === '' ? 'text/plain' : (dataUrl[1] ?? '');
    const shown = `${dataUrl[0]}… (${url.length} characters)`;
    if (!/javascript|ecmascript/i.test(mediaType)) {
      const what = mediaType === 'video/mp2t' ? 'a .ts file' : `a file (${mediaType})`;
      return (
        `Could not load task module ${shown}: it is not JavaScript but ${mediaType}. ` +
        `Your bundler inlined ${what} as an asset: new URL('./tasks.ts', import.meta.url) names a file, not a module. ` +
        'Import the task module in a worker entry of your own and refer to it by name (serveTasks, see docs/browser.md).'
      );
    }
    return `Could not load task module ${shown}: ${shorten(reason, url, shown)}. Check that the module is valid JavaScript.`;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[mc]?ts$/.test(url)) {
    return (
      `Could not load task module ${url}: ${reason}. The worker cannot run TypeScript: run under tsx ` +
      '(`npx tsx main.ts` or `node --import tsx main.ts`; its workers load tsx too), or on Node 22.18 or later ' +
      "(type stripping), or build with tsc and name the compiled file: new URL('./tasks.js', import.meta.url) " +
      'works in all three.'
    );
  }
  return (
    `Could not load task module ${url}: ${reason}. ` +
    "Check that the URL points at a JavaScript module the worker can import; for TypeScript, new URL('./tasks.js', import.meta.url) " +
    'names the compiled file and, under tsx or Node 22.18 or later, its .ts source.' +
    (nodeRuntime()?.env?.['VITEST'] === undefined
      ? ''
      : " Under Vitest, the workers your code starts do not see Vitest's transform: add test: { execArgv: ['--import', 'tsx'] } to vitest.config.ts.")
  );
}

/** Node's `process`, where the worker has one. */
function nodeRuntime():
  | {
      readonly features?: { readonly typescript?: unknown };
      readonly env?: Readonly<Record<string, string | undefined>>;
    }
  | undefined {
  return (globalThis as { process?: ReturnType<typeof nodeRuntime> }).process;
}

/** `reason` with every copy of a long `url` replaced by its short form. */
function shorten(reason: string, url: string, shown: string): string {
  return reason.split(url).join(shown);
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
  if (!code.includes(ESBUILD_NAME_HELPER)) return (0, eval)(code);
  // esbuild (tsx, Vite, Vitest) keeps function names by wrapping named inner functions in
  // `__name(fn, "name")`, a helper defined once per file: the source text sent to the worker
  // calls it, so the worker defines it too, for this function only.
  const withHelper = (0, eval)(`(${ESBUILD_NAME_HELPER}) => ${code}`) as (helper: typeof keepName) => unknown;
  return withHelper(keepName);
}

/** The helper esbuild inserts around named functions when it keeps names. */
const ESBUILD_NAME_HELPER = '__name';

/** What esbuild's `__name` does: give `fn` its original name, and return it. */
function keepName<F extends object>(fn: F, name: string): F {
  return Object.defineProperty(fn, 'name', { value: name, configurable: true });
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
