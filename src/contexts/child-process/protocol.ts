/**
 * What a {@link ProcessContext}'s parent and its child processes tell each other over IPC.
 *
 * Parent to child: the pool's {@link WorkerRequest}s (`run`, `cancel`), as they are,
 * {@link DeliveredNotice}s for iteration backpressure, and {@link ChannelCheck}s.
 * Child to parent: {@link ChildMessage}s: `ready` once the task worker listens, batches of
 * task reports, answers to channel checks, and, when the task worker inside the child died, an
 * exit notice saying how (the child exits right after it).
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

/**
 * Parent to child: answer with {@link channelAnswer}`(nonce)`. The parent sends it while the
 * rest of a message from the child is overdue, to learn whether the channel is still in step
 * (see `channel-guard.ts`).
 */
export interface ChannelCheck {
  readonly type: 'check';
  readonly nonce: string;
}

/** A message from the parent to a child process. */
export type ParentMessage = WorkerRequest | DeliveredNotice | ChannelCheck;

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

/** Child to parent: the answer to a {@link ChannelCheck}. */
export interface ChannelAnswer {
  readonly type: 'answer';
  readonly nonce: string;
}

/**
 * The answer to the check `nonce`. Both sides build it here, so that the parent knows the exact
 * bytes the child's answer has on the wire.
 */
export function channelAnswer(nonce: string): ChannelAnswer {
  return { type: 'answer', nonce };
}

/** A message from a child process to its parent. */
export type ChildMessage = ReportMessage | ReadyNotice | ExitNotice | ChannelAnswer;

const CHILD_MESSAGE_TYPES: ReadonlySet<unknown> = new Set<ChildMessage['type']>([
  'report',
  'ready',
  'exit',
  'answer',
]);

/**
 * Whether `value` has the shape of a {@link ChildMessage}; anything else came from bytes that
 * something in the child wrote to the channel.
 */
export function isChildMessage(value: unknown): value is ChildMessage {
  return (
    typeof value === 'object' && value !== null && CHILD_MESSAGE_TYPES.has((value as { type?: unknown }).type)
  );
}

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
