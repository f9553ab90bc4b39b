/**
 * Turning a task invocation into what crosses to a worker: functions and task references
 * become task locations, everything else goes by structured clone.
 */
import type { TaskLocation } from '../../core/messages.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { isTask, locateTask } from '../../core/task-reference.js';
import { collectTransferables, type Transferable } from '../../core/transfer.js';

/** An invocation ready to post, lacking only its task id and slot. */
export interface EncodedInvocation {
  readonly runner: TaskLocation;
  readonly args: readonly unknown[];
  readonly taskArguments: readonly number[];
  readonly transfer: readonly Transferable[];
}

/** Encodes `invocation` for a worker. */
export function encodeInvocation(invocation: TaskInvocation): EncodedInvocation {
  const taskArguments: number[] = [];
  const args = invocation.args.map((arg, index) => {
    if (!isTask(arg)) return arg;
    taskArguments.push(index);
    return locateTask(arg);
  });
  return {
    runner: locateTask(invocation.runner),
    args,
    taskArguments,
    transfer: collectTransferables(invocation.args),
  };
}
