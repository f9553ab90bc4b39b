/**
 * What a {@link ProcessContext}'s parent and its child processes tell each other over IPC.
 *
 * Parent to child: the pool's {@link WorkerRequest}s (`run`, `cancel`), as they are, and
 * {@link DeliveredNotice}s for iteration backpressure.
 * Child to parent: {@link ChildMessage}s: `ready` once the task worker listens, batches of
 * task reports, and, when the task worker inside the child died, an exit notice saying how (the child exits right after it).
 * Values cross by Node's `advanced` IPC serialization (the structured clone algorithm).
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { WorkerExit } from '../../core/errors.js';
import type { WorkerReport, WorkerRequest } from '../../core/messages.js';

/** How a child process sets itself up; passed as its first command-line argument, in JSON. */
export interface ChildSettings {
  /** How many tasks the child holds at once (the size of its shared task flags). */
  readonly slots: number;
  /** Memory limits of the task worker inside the child. */
  readonly resourceLimits?: ResourceLimits | undefined;
}

/**
 * Parent to child: `count` more items of the task in `slot` reached its future. The child adds
 * them to the task's shared delivered counter, which the parent cannot reach (no shared memory).
 */
export interface DeliveredNotice {
  readonly type: 'delivered';
  readonly slot: number;
  readonly count: number;
}

/** A message from the parent to a child process. */
export type ParentMessage = WorkerRequest | DeliveredNotice;

/** Child to parent: a batch of task messages from the task worker. */
export interface ReportMessage {
  readonly type: 'report';
  readonly report: WorkerReport;
}

/** Child to parent: the task worker inside the child is ready (its runtime listens). */
export interface ReadyNotice {
  readonly type: 'ready';
}

/** Child to parent: the task worker inside the child died; the child exits next. */
export interface ExitNotice {
  readonly type: 'exit';
  readonly exit: WorkerExit;
  /** The uncaught error that ended the worker, as `Name: message`, if there was one. */
  readonly reason: string | undefined;
}

/** A message from a child process to its parent. */
export type ChildMessage = ReportMessage | ReadyNotice | ExitNotice;

/** Reads the settings a child was started with. */
export function parseChildSettings(argument: string | undefined): ChildSettings {
  const settings = JSON.parse(argument ?? '{}') as Partial<ChildSettings>;
  const slots = settings.slots;
  if (typeof slots !== 'number' || !Number.isInteger(slots) || slots < 1) {
    throw new TypeError(
      `Expected the child settings to hold \`slots\`, a positive integer, got \`${String(slots)}\` (${typeof slots}). ` +
        'child-entry.js is started by ProcessContext; do not run it by hand.',
    );
  }
  return settings as ChildSettings;
}
