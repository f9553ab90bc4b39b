/**
 * Validation shared by the built-in task specifications.
 */
import { isTask, type AnyFunction, type Task } from '../core/task-reference.js';
import { expectedMessage } from '../core/validation.js';

/**
 * Checks the `callable` and `args` options of a built-in task specification.
 *
 * @throws {TypeError} when `callable` is not a task or `args` not an array.
 */
export function checkCallable(
  kind: string,
  callable: unknown,
  args: unknown,
): asserts callable is Task<AnyFunction> {
  if (!isTask(callable)) {
    throw new TypeError(
      `${kind}: ${expectedMessage('callable', 'a function or a task reference (taskModule(url).name)', callable)}`,
    );
  }
  if (!Array.isArray(args)) throw new TypeError(`${kind}: ${expectedMessage('args', 'an array', args)}`);
}
