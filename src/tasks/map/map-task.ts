/**
 * The background side of a map: run the function over one chunk of inputs, in order, sending
 * each output as it is produced, and stop at a cancel.
 */
import { isThenable } from '../../core/is-thenable.js';
import { marshalError } from '../../core/marshal-error.js';
import type { TaskContext } from '../../core/task-specification.js';
import type { AnyFunction } from '../../core/task-reference.js';
import { runAsCurrent } from '../../worker/current-task.js';

/** The message type of each output of a chunk. */
export const MAPPED = 'mapped';
/** The message type of an input whose call threw, when the map goes on after failures. */
export const INPUT_FAILED = 'inputFailed';

/**
 * Calls `fn(input)` for each of `inputs`, one after the other, sending each (awaited) output as
 * a `mapped` message. Cancellation is checked before every input. A throw ends the chunk (it
 * raises), unless `continueOnError`: the error is then sent as `inputFailed` and the next
 * input runs. Each call sees its task as `currentTask()`, even after an earlier call awaited.
 */
export async function runMapChunk(
  task: TaskContext,
  fn: AnyFunction,
  inputs: readonly unknown[],
  continueOnError: boolean,
): Promise<void> {
  for (const input of inputs) {
    if (task.cancelled()) return;
    let output: unknown;
    try {
      output = runAsCurrent(task, () => fn(input));
      if (isThenable(output)) output = await output;
    } catch (error) {
      if (!continueOnError) throw error;
      task.send(INPUT_FAILED, marshalError(error));
      continue;
    }
    task.send(MAPPED, output);
  }
}
