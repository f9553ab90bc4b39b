/**
 * Task modules linked into a worker at build time, so a bundled worker can serve task
 * references without importing anything at run time (no dynamic `import()`, no `eval`).
 */
import { expectedMessage } from '../core/validation.js';

const modules = new Map<string, Readonly<Record<string, unknown>>>();

/**
 * Makes the exports of `module` the task module named `specifier` in this worker: a task
 * reference made with `taskModule(specifier)` on the main thread resolves to them, without
 * importing anything. Worker side; call it at the top of a custom worker entry.
 *
 * @param specifier - the name the main thread passes to `taskModule()`, e.g. `'app:tasks'`.
 * @param module - the module namespace, from `import * as tasks from './tasks.js'`.
 * @throws {TypeError} when `specifier` is not a non-empty string, `module` is not an object,
 * or another module was registered under `specifier`.
 * @example
 * ```ts
 * import * as tasks from './tasks.js';
 * registerTaskModule('app:tasks', tasks);
 * ```
 */
export function registerTaskModule(specifier: string, module: object): void {
  // Checked at run time too: worker entries are often plain JavaScript.
  if (typeof (specifier as unknown) !== 'string' || specifier === '') {
    throw new TypeError(expectedMessage('specifier', 'a non-empty string', specifier));
  }
  if (typeof (module as unknown) !== 'object' || (module as unknown) === null) {
    throw new TypeError(expectedMessage('module', 'a module namespace object', module));
  }
  const existing = modules.get(specifier);
  if (existing !== undefined && existing !== module) {
    throw new TypeError(
      `Another task module is already registered as \`${specifier}\`. Use one name per module.`,
    );
  }
  modules.set(specifier, module as Readonly<Record<string, unknown>>);
}

/** The module registered as `specifier`, if any. */
export function registeredTaskModule(specifier: string): Readonly<Record<string, unknown>> | undefined {
  return modules.get(specifier);
}
