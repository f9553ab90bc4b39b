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
import {
  isFinalMessage,
  type TaskReport,
  type WorkerReport,
  type WorkerRequest,
} from '../../core/messages.js';
import { TaskFlags } from '../../core/task-flags.js';
import { WORKER_READY } from '../worker-threads/ready.js';
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
  worker.postMessage(request);
});
// The parent went away (it exited, or closed the channel): nothing can use the results.
process.on('disconnect', () => process.exit(0));

worker.on('message', (report: WorkerReport | typeof WORKER_READY) => {
  if (report === WORKER_READY) {
    send({ type: 'ready' } satisfies ChildMessage);
    return;
  }
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

/** Sends a report to the parent; a message IPC cannot carry fails its task instead. */
function relay(report: WorkerReport): void {
  try {
    send({ type: 'report', report } satisfies ChildMessage);
  } catch {
    for (const message of report) {
      try {
        send({ type: 'report', report: [message] } satisfies ChildMessage);
      } catch (error) {
        failTask(message, error);
      }
    }
  }
}

function failTask(message: TaskReport, cause: unknown): void {
  const reason = reasonOf(cause);
  const failure = new SerializationError(
    `A \`${message.type}\` message of the task could not be sent from the child process to the parent: ${reason}. ` +
      'Values cross processes by structured clone, without shared memory: send plain data, not SharedArrayBuffers or handles.',
    { cause },
  );
  send({ type: 'report', report: [{ id: message.id, type: 'raised', exception: marshalError(failure) }] });
  if (!isFinalMessage(message)) {
    // The parent sees the task as ended: stop it, and let its later messages be ignored.
    const slot = slots.get(message.id);
    if (slot !== undefined) flags.requestCancel(slot);
    worker.postMessage({ type: 'cancel', id: message.id } satisfies WorkerRequest);
  }
}
