/**
 * Resolving a runner and the task arguments among its arguments into functions, without a
 * turn of the event loop when they are all known already.
 */
import type { AnyFunction } from '../core/task-reference.js';
import type { PreparedTask } from './execute-task.js';

/** Turns a task (in whatever form a context holds it) into a function. */
export type ResolveFunction = (task: unknown) => AnyFunction | Promise<AnyFunction>;

/**
 * The runner and its arguments, with `runner` and the arguments at `taskIndexes` resolved.
 * Synchronous when every resolution is.
 */
export function prepareTask(
  runner: unknown,
  args: readonly unknown[],
  taskIndexes: readonly number[],
  resolve: ResolveFunction,
): PreparedTask | Promise<PreparedTask> {
  const runnerFunction = resolve(runner);
  if (taskIndexes.length === 0 && !(runnerFunction instanceof Promise)) return [runnerFunction, args];
  const resolvedArgs = [...args];
  const pending: Promise<unknown>[] = [];
  for (const index of taskIndexes) {
    const fn = resolve(args[index]);
    if (fn instanceof Promise) pending.push(fn.then((resolved) => (resolvedArgs[index] = resolved)));
    else resolvedArgs[index] = fn;
  }
  if (pending.length === 0 && !(runnerFunction instanceof Promise)) return [runnerFunction, resolvedArgs];
  return Promise.all([runnerFunction, ...pending]).then(([resolvedRunner]) => [resolvedRunner, resolvedArgs]);
}
