/**
 * One task's life in the background, the same in every context: `abandoned` if it was
 * cancelled before it began, otherwise `started`, the runner's messages, and `returned` or
 * `raised` (`TaskCancelled` when it was cancelled while its module loaded: never called).
 */
import { TaskCancelled } from '../core/errors.js';
import { isThenable } from '../core/is-thenable.js';
import { marshalError, type ExceptionInfo } from '../core/marshal-error.js';
import type { TaskMessage } from '../core/messages.js';
import type { AnyFunction } from '../core/task-reference.js';
import { transferablesOf, type Transferable } from '../core/transfer.js';
import { runAsCurrent } from './current-task.js';
import { inlineSourceOf } from './resolve-task.js';
import type { BackgroundTaskContext } from './task-context.js';

/** A runner and its arguments, ready to call (or a promise of them, while modules load). */
export type PreparedTask = readonly [AnyFunction, readonly unknown[]];

/** Where a task's lifecycle messages go; each `message` is a new object, which the receiver may keep or extend. */
export type EmitMessage = (message: TaskMessage, transfer?: readonly Transferable[]) => void;

/**
 * Runs one task through its lifecycle. Never throws: every outcome becomes a message.
 *
 * @param prepare - resolves the runner and its arguments; called only if the task starts.
 * @param markStarted - records the start where the pool can see it without a message;
 * returns `false` when the pool took the task back first (it then ends as `abandoned`).
 */
export async function executeTask(
  context: BackgroundTaskContext,
  prepare: () => PreparedTask | Promise<PreparedTask>,
  emit: EmitMessage,
  markStarted: () => boolean,
): Promise<void> {
  if (context.cancelled() || !markStarted()) {
    context.close();
    emit({ type: 'abandoned' });
    return;
  }
  emit({ type: 'started' });
  let prepared: PreparedTask | Promise<PreparedTask> | undefined;
  try {
    prepared = prepare();
    if (prepared instanceof Promise) {
      prepared = await prepared;
      // A cancel that came while the task's module loaded has aborted the signal already: the
      // task function, not yet called, could never see it on the signal. Do not call it.
      if (context.cancelled())
        throw new TaskCancelled('The task was cancelled before its function was called');
    }
    const [runner, args] = prepared;
    const produced: unknown = runAsCurrent(context, () => runner(context, ...args));
    // A synchronous result is reported in the same batch as `started`: one message, not two.
    const value: unknown = isThenable(produced) ? await produced : produced;
    context.close();
    emit({ type: 'returned', value }, transferablesOf(value));
  } catch (error) {
    context.close();
    // The functions the task was given, to explain an error an inline one made (if it got them).
    const functions =
      prepared === undefined || prepared instanceof Promise ? [] : [prepared[0], ...prepared[1]];
    emit({ type: 'raised', exception: explainError(marshalError(error), functions) });
  }
}

/**
 * Says what to do about the most common mistake with inline functions: using a variable from
 * outside the function, which does not exist where its source text is compiled.
 */
function explainError(exception: ExceptionInfo, functions: readonly unknown[]): ExceptionInfo {
  if (exception.type !== 'ReferenceError') return exception;
  const name = /^(\S+) is not defined$/.exec(exception.message)?.[1];
  if (name === undefined) return exception;
  const usedByInline = functions.some((fn) => inlineSourceOf(fn)?.includes(name) === true);
  if (!usedByInline) return exception;
  if (COMPILER_HELPER.test(name)) {
    return {
      ...exception,
      message:
        `${exception.message}: \`${name}\` is a helper that a compiler (esbuild, as used by tsx, Vite and Vitest) inserted into the inline task function's source text; ` +
        'it does not exist in the worker. Compile for a recent target (esnext), so that no helper is inserted, ' +
        'or export the function from a task module and use taskModule().',
    };
  }
  return {
    ...exception,
    message:
      `${exception.message}: the inline task function uses \`${name}\`, a variable from outside its own body. ` +
      'Inline functions are sent to the worker as source text, so they cannot close over outer variables or imports: ' +
      `pass \`${name}\` as an argument, or export the function from a task module and use taskModule().`,
  };
}

/** The names of the helpers esbuild and TypeScript insert (`__name`, `__publicField`, `__awaiter`…). */
const COMPILER_HELPER = /^__[A-Za-z]+$/;
