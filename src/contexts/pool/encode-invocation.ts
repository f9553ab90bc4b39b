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

/**
 * Encodes `invocation` for a worker, numbering its locations in `refs`. Every array is made at
 * its final length (no growth by `push`): a queued task keeps them, and there may be many.
 */
export function encodeInvocation(invocation: TaskInvocation, refs: LocationRefs): EncodedInvocation {
  const runnerLocation = locateTask(invocation.runner);
  const runner = refs.refOf(runnerLocation);
  const source = invocation.args;
  let args: unknown[] | undefined;
  let taskArguments = NO_INDEXES;
  let used: readonly number[] = [runner];
  let locations: readonly TaskLocation[] = [runnerLocation];
  for (let index = 0; index < source.length; index++) {
    const arg = source[index];
    if (!isTask(arg)) continue;
    const location = locateTask(arg);
    const ref = refs.refOf(location);
    args ??= source.slice();
    args[index] = ref;
    // Task arguments are few (a call has one): the first makes literals of the exact length,
    // any more a concat each (`concat` is several times slower than a literal).
    if (taskArguments === NO_INDEXES) {
      taskArguments = [index];
      used = [runner, ref];
      locations = [runnerLocation, location];
    } else {
      taskArguments = taskArguments.concat(index);
      used = used.concat(ref);
      locations = locations.concat(location);
    }
  }
  return {
    runner,
    runnerLocation,
    args: args ?? source,
    taskArguments,
    refs: used,
    locations,
    transfer: collectTransferables(source),
  };
}
