/**
 * Turning a task invocation into what crosses to a worker: functions and task references
 * become numbered task locations ({@link LocationRefs}), everything else goes by structured
 * clone.
 */
import type { TaskLocation } from '../../core/messages.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { isTask, locateTask } from '../../core/task-reference.js';
import { collectTransferables, type Transferable } from '../../core/transfer.js';
import type { LocationRefs } from './location-refs.js';

/** An invocation ready to post, lacking only its task id and slot. */
export interface EncodedInvocation {
  /** The runner's location number. */
  readonly runner: number;
  /** Where the runner is (error messages need its kind). */
  readonly runnerLocation: TaskLocation;
  /** The runner's arguments, with location numbers at `taskArguments`. */
  readonly args: readonly unknown[];
  readonly taskArguments: readonly number[];
  /** Every location number the task uses: a worker must have been sent each before the task. */
  readonly refs: readonly number[];
  /** The locations of `refs`, index by index (to define them on a worker that lacks them). */
  readonly locations: readonly TaskLocation[];
  readonly transfer: readonly Transferable[];
}

const NO_INDEXES: readonly number[] = [];

/** Encodes `invocation` for a worker, numbering its locations in `refs`. */
export function encodeInvocation(invocation: TaskInvocation, refs: LocationRefs): EncodedInvocation {
  const runnerLocation = locateTask(invocation.runner);
  const runner = refs.refOf(runnerLocation);
  let taskArguments: number[] | undefined;
  const used = [runner];
  const locations = [runnerLocation];
  const args = invocation.args.map((arg, index) => {
    if (!isTask(arg)) return arg;
    (taskArguments ??= []).push(index);
    const location = locateTask(arg);
    const ref = refs.refOf(location);
    used.push(ref);
    locations.push(location);
    return ref;
  });
  return {
    runner,
    runnerLocation,
    args,
    taskArguments: taskArguments ?? NO_INDEXES,
    refs: used,
    locations,
    transfer: collectTransferables(invocation.args),
  };
}
