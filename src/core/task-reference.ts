/**
 * Naming the function a task runs: a typed reference to an export of a task module, or an
 * inline function sent to the worker as source text.
 */
import type { TaskLocation } from './messages.js';
import { expectedMessage } from './validation.js';

/** Any function; the type a task function is checked against. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parameter types are inferred per task
export type AnyFunction = (...args: any[]) => unknown;

const LOCATION = Symbol('reactive-futures.taskLocation');
declare const FUNCTION_TYPE: unique symbol;

/**
 * A typed reference to a function exported by a task module, or to a built-in runner.
 * It carries no function, only where to find one, so it can be sent to any worker.
 */
export interface TaskReference<TFunction extends AnyFunction = AnyFunction> {
  readonly [LOCATION]: TaskLocation;
  /** Type only: the referenced function's type. */
  readonly [FUNCTION_TYPE]?: TFunction;
}

/**
 * What a task runs: a {@link TaskReference}, or an inline function. Inline functions are sent
 * to workers as source text, so they must be self-contained: no closure over outer variables,
 * no imports. The inline context runs any function, closures included.
 */
export type Task<TFunction extends AnyFunction> = TFunction | TaskReference<TFunction>;

/** The typed references to the function exports of a task module `TModule`. */
export type TaskModule<TModule> = {
  readonly [K in keyof TModule as TModule[K] extends AnyFunction ? K : never]: TModule[K] extends AnyFunction
    ? TaskReference<TModule[K]>
    : never;
};

/**
 * References the exports of a task module, for use from any context.
 *
 * @param url - the module's URL, resolved against the caller: `new URL('./tasks.js', import.meta.url)`.
 * @example
 * ```ts
 * import { taskModule } from 'reactive-futures';
 * const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));
 * // tasks.square is a TaskReference<(n: number) => number>
 * ```
 * @throws {TypeError} when `url` is neither a URL nor a string.
 */
export function taskModule<TModule>(url: URL | string): TaskModule<TModule> {
  if (!(url instanceof URL) && typeof url !== 'string') {
    throw new TypeError(expectedMessage('url', 'a URL or a string', url));
  }
  const href = String(url);
  const references = new Map<string, TaskReference>();
  return new Proxy({} as TaskModule<TModule>, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let reference = references.get(name);
      if (reference === undefined) {
        reference = makeReference({ kind: 'module', url: href, name });
        references.set(name, reference);
      }
      return reference;
    },
  });
}

/** A reference to one of the runners built into the worker runtime. */
export function builtinTask<TFunction extends AnyFunction>(name: string): TaskReference<TFunction> {
  return makeReference({ kind: 'builtin', name });
}

function makeReference<TFunction extends AnyFunction>(location: TaskLocation): TaskReference<TFunction> {
  return Object.freeze({ [LOCATION]: location }) as TaskReference<TFunction>;
}

/** Whether `value` is a {@link TaskReference}. */
export function isTaskReference(value: unknown): value is TaskReference {
  return typeof value === 'object' && value !== null && LOCATION in value;
}

/** Whether `value` is a task: a reference or a function. */
export function isTask(value: unknown): value is Task<AnyFunction> {
  return typeof value === 'function' || isTaskReference(value);
}

/**
 * Where to find `task`, in a form that can be sent to a worker. An inline function becomes
 * its source text.
 */
export function locateTask(task: Task<AnyFunction>): TaskLocation {
  if (typeof task !== 'function') return task[LOCATION];
  // A function's source text never changes: locate each function once (the same location
  // object each time also lets the pool and the resolver find it by identity).
  let location = inlineLocations.get(task);
  if (location === undefined) {
    location = { kind: 'source', source: Function.prototype.toString.call(task) };
    inlineLocations.set(task, location);
  }
  return location;
}

const inlineLocations = new WeakMap<AnyFunction, TaskLocation>();

/** A short, human description of a task, for error messages. */
export function describeTask(location: TaskLocation): string {
  switch (location.kind) {
    case 'module':
      return `export \`${location.name}\` of ${location.url}`;
    case 'builtin':
      return `built-in runner \`${location.name}\``;
    case 'source':
      return `inline function \`${location.source.length > 50 ? `${location.source.slice(0, 47)}...` : location.source}\``;
  }
}
