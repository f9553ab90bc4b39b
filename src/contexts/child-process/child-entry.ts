/**
 * The script each child process of a `ProcessContext` runs.
 *
 * Tasks do not run on the child's main thread but in a worker thread inside the child, running
 * the usual reactive-futures runtime. The main thread only relays, so it is always idle and
 * reads a cancel request from IPC at once, even while a task spins in a synchronous loop: it
 * sets the task's flag in the shared memory it shares with the task worker, and the task sees
 * it at its next `cancelled()` check, with no message read by the task itself.
 *
 *     parent --IPC--> child main thread --postMessage--> task worker (runtime)
 *     parent <--IPC-- child main thread <--postMessage-- task worker
 *
 * When the task worker dies (uncaught error, `process.exit()`, out of memory), the child sends
 * an exit notice saying how, then exits; the parent's pool starts a new child.
 */
import { Worker } from 'node:worker_threads';
import { SerializationError } from '../../core/errors.js';
import { marshalError } from '../../core/marshal-error.js';
import { reasonOf } from '../../core/reason-of.js';
import { describeCarried, isFinalMessage, type TaskReport, type WorkerReport } from '../../core/messages.js';
import { TaskFlags } from '../../core/task-flags.js';
import { decodeReport, encodeRequests, type WireReport } from '../../core/wire-format.js';
import { WORKER_READY } from '../worker-threads/ready.js';
import { findUncrossableResult } from './check-crossable.js';
import { channelAnswer, parseChildSettings, type ChildMessage, type ParentMessage } from './protocol.js';

const WORKER_ENTRY = new URL('../worker-threads/worker-entry.js', import.meta.url);

const sendOrUndefined = process.send?.bind(process);
if (sendOrUndefined === undefined) {
  throw new Error(
    'child-entry.js must be started by ProcessContext, with an IPC channel; do not run it by hand.',
  );
}
const send = sendOrUndefined;
const settings = parseChildSettings(process.argv[2]);
const buffer = TaskFlags.allocate(settings.slots) as SharedArrayBuffer;
const flags = new TaskFlags(buffer);
/** Task id → slot, for the tasks the child holds. */
const slots = new Map<number, number>();

const worker = new Worker(WORKER_ENTRY, {
  workerData: { flags: buffer },
  ...(settings.resourceLimits === undefined ? {} : { resourceLimits: settings.resourceLimits }),
});

process.on('message', (request: ParentMessage) => {
  switch (request.type) {
    case 'delivered':
      flags.addDelivered(request.slot, request.count);
      return;
    case 'run':
      flags.reset(request.slot);
      slots.set(request.id, request.slot);
      break;
    case 'cancel': {
      const slot = slots.get(request.id);
      if (slot !== undefined) flags.requestCancel(slot);
      break;
    }
    case 'check':
      send(channelAnswer(request.nonce) satisfies ChildMessage);
      return;
  }
  worker.postMessage(encodeRequests(request));
});
// The parent went away (it exited, or closed the channel): nothing can use the results.
process.on('disconnect', () => process.exit(0));

worker.on('message', (wire: WireReport | typeof WORKER_READY) => {
  if (wire === WORKER_READY) {
    send({ type: 'ready' } satisfies ChildMessage);
    return;
  }
  const report = decodeReport(wire);
  for (const message of report) if (isFinalMessage(message)) slots.delete(message.id);
  relay(report);
});
let uncaught: (Error & { code?: unknown }) | undefined;
worker.on('error', (error: Error) => {
  uncaught = error;
});
worker.on('exit', (exitCode) => {
  const notice: ChildMessage = {
    type: 'exit',
    exit: { exitCode, signal: null, outOfMemory: uncaught?.code === 'ERR_WORKER_OUT_OF_MEMORY' },
    reason: uncaught === undefined ? undefined : `${uncaught.name}: ${uncaught.message}`,
  };
  send(notice, undefined, undefined, () => process.exit(0));
});

/**
 * Sends a report to the parent. A message holding a value IPC would empty (see
 * {@link findUncrossableResult}) or could not carry fails its task instead: the messages before
 * it are sent, the task's later ones dropped.
 */
function relay(report: WorkerReport): void {
  for (let index = 0; index < report.length; index++) {
    const message = report[index] as TaskReport;
    const found = findUncrossable(message);
    if (found === undefined) continue;
    const before = report.slice(0, index);
    if (message.type === 'sentMany' && found.item > 0)
      before.push({ ...message, args: message.args.slice(0, found.item) });
    if (before.length > 0) sendReport(before);
    failTask(
      message,
      `it holds ${found.where}, which cannot cross from a child process to its parent (Node's IPC would deliver it as an empty object). ` +
        'Send its data instead (the bytes of a Blob: `new Uint8Array(await blob.arrayBuffer())`), or use a WorkerContext, whose threads can clone it.',
    );
    const rest = report.slice(index + 1).filter((each) => each.id !== message.id);
    if (rest.length > 0) relay(rest);
    return;
  }
  sendReport(report);
}

/** The first value of `message` that IPC would empty, and for a batch of items its index. */
function findUncrossable(message: TaskReport): { readonly where: string; readonly item: number } | undefined {
  let where: string | undefined;
  switch (message.type) {
    case 'returned':
      where = findUncrossableResult(message.value);
      return where === undefined ? undefined : { where, item: 0 };
    case 'sent':
      where = findUncrossableResult(message.arg);
      return where === undefined ? undefined : { where, item: 0 };
    case 'sentMany':
      for (let item = 0; item < message.args.length; item++) {
        where = findUncrossableResult(message.args[item]);
        if (where !== undefined) return { where, item };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Sends a report to the parent; a message IPC cannot carry fails its task instead. */
function sendReport(report: WorkerReport): void {
  try {
    send({ type: 'report', report } satisfies ChildMessage);
  } catch {
    for (const message of report) {
      try {
        send({ type: 'report', report: [message] } satisfies ChildMessage);
      } catch (error) {
        failTask(
          message,
          `${reasonOf(error)}. Values cross processes by structured clone, without shared memory: send plain data, not SharedArrayBuffers or handles.`,
          error,
        );
      }
    }
  }
}

function failTask(message: TaskReport, reason: string, cause?: unknown): void {
  const failure = new SerializationError(
    `${describeCarried(message)} could not be sent from the child process to the parent: ${reason}`,
    cause === undefined ? undefined : { cause },
  );
  send({ type: 'report', report: [{ id: message.id, type: 'raised', exception: marshalError(failure) }] });
  if (!isFinalMessage(message)) {
    // The parent sees the task as ended: stop it, and let its later messages be ignored.
    const slot = slots.get(message.id);
    if (slot !== undefined) flags.requestCancel(slot);
    worker.postMessage(encodeRequests({ type: 'cancel', id: message.id }));
  }
}
