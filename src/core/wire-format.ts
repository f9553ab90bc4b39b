/**
 * The compact form in which requests and reports cross a structured-clone channel (a worker
 * thread's port, a Web Worker): each message one record of a flat array, a number for its type
 * and its fields by position.
 *
 * Structured clone writes every property name of an object, and the receiving side rebuilds
 * each object key by key; an array of numbers, strings and the carried values clones several
 * times faster. On a sequential round trip (one `run` request, one report of `started` and
 * `returned`) the objects cost ~7 µs of the ~60 µs, as much as separates a pool from the bare
 * threads. The records are rebuilt into the {@link WorkerRequest} and {@link TaskReport}
 * objects of `messages.ts` on arrival, in JavaScript, at a fraction of that cost.
 */
import type {
  TaskLocation,
  TaskReport,
  WorkerReport,
  WorkerRequest,
  WorkerRequestBatch,
} from './messages.js';
import type { ExceptionInfo } from './marshal-error.js';

/** Requests as they cross to a worker: one record per request, in order. */
export type WireRequests = readonly unknown[];
/** A {@link WorkerReport} as it crosses to the main thread: one record per task message, in order. */
export type WireReport = readonly unknown[];

// The first field of each record: its type. The fields that follow are listed with each.
/** `run`: id, slot, runner, args, taskArguments, maxUndelivered (`undefined`: no bound). */
const RUN = 0;
/** `define`: ref, location, forget (`undefined`: none). */
const DEFINE = 1;
/** `cancel`: id. */
const CANCEL = 2;
/** `started`: id. */
const STARTED = 3;
/** `abandoned`: id. */
const ABANDONED = 4;
/** `returned`: id, value. */
const RETURNED = 5;
/** `raised`: id, exception. */
const RAISED = 6;
/** `sent`: id, messageType, arg. */
const SENT = 7;
/** `sentMany`: id, messageType, args. */
const SENT_MANY = 8;

/** Encodes one request, or a batch of them in order, for {@link decodeRequests}. */
export function encodeRequests(requests: WorkerRequest | WorkerRequestBatch): WireRequests {
  const wire: unknown[] = [];
  if (isBatch(requests)) for (const request of requests) encodeRequest(request, wire);
  else encodeRequest(requests, wire);
  return wire;
}

function encodeRequest(request: WorkerRequest, wire: unknown[]): void {
  switch (request.type) {
    case 'run':
      wire.push(
        RUN,
        request.id,
        request.slot,
        request.runner,
        request.args,
        request.taskArguments,
        request.maxUndelivered,
      );
      return;
    case 'define':
      wire.push(DEFINE, request.ref, request.location, request.forget);
      return;
    case 'cancel':
      wire.push(CANCEL, request.id);
      return;
  }
}

/**
 * Calls `handle` with each request of `wire`, in order.
 *
 * @throws {TypeError} when `wire` is not what {@link encodeRequests} makes (a bug).
 */
export function decodeRequests(wire: WireRequests, handle: (request: WorkerRequest) => void): void {
  let index = 0;
  while (index < wire.length) {
    const type = wire[index];
    if (type === RUN) {
      const id = wire[index + 1] as number;
      const slot = wire[index + 2] as number;
      const runner = wire[index + 3] as number;
      const args = wire[index + 4] as readonly unknown[];
      const taskArguments = wire[index + 5] as readonly number[];
      const maxUndelivered = wire[index + 6] as number | undefined;
      handle(
        maxUndelivered === undefined
          ? { type: 'run', id, slot, runner, args, taskArguments }
          : { type: 'run', id, slot, runner, args, taskArguments, maxUndelivered },
      );
      index += 7;
    } else if (type === DEFINE) {
      const ref = wire[index + 1] as number;
      const location = wire[index + 2] as TaskLocation;
      const forget = wire[index + 3] as number | undefined;
      handle(
        forget === undefined ? { type: 'define', ref, location } : { type: 'define', ref, location, forget },
      );
      index += 4;
    } else if (type === CANCEL) {
      handle({ type: 'cancel', id: wire[index + 1] as number });
      index += 2;
    } else {
      throw new TypeError(
        `A request record of unknown type ${String(type)}: this is a bug in reactive-futures.`,
      );
    }
  }
}

/** Encodes a report for {@link decodeReport}. */
export function encodeReport(report: WorkerReport): WireReport {
  const wire: unknown[] = [];
  for (const message of report) {
    switch (message.type) {
      case 'started':
        wire.push(STARTED, message.id);
        break;
      case 'abandoned':
        wire.push(ABANDONED, message.id);
        break;
      case 'returned':
        wire.push(RETURNED, message.id, message.value);
        break;
      case 'raised':
        wire.push(RAISED, message.id, message.exception);
        break;
      case 'sent':
        wire.push(SENT, message.id, message.messageType, message.arg);
        break;
      case 'sentMany':
        wire.push(SENT_MANY, message.id, message.messageType, message.args);
        break;
    }
  }
  return wire;
}

/**
 * The report `wire` carries.
 *
 * @throws {TypeError} when `wire` is not what {@link encodeReport} makes (a bug).
 */
export function decodeReport(wire: WireReport): WorkerReport {
  const report: TaskReport[] = [];
  let index = 0;
  while (index < wire.length) {
    const type = wire[index];
    const id = wire[index + 1] as number;
    switch (type) {
      case STARTED:
        report.push({ type: 'started', id });
        index += 2;
        break;
      case ABANDONED:
        report.push({ type: 'abandoned', id });
        index += 2;
        break;
      case RETURNED:
        report.push({ type: 'returned', id, value: wire[index + 2] });
        index += 3;
        break;
      case RAISED:
        report.push({ type: 'raised', id, exception: wire[index + 2] as ExceptionInfo });
        index += 3;
        break;
      case SENT:
        report.push({ type: 'sent', id, messageType: wire[index + 2] as string, arg: wire[index + 3] });
        index += 4;
        break;
      case SENT_MANY:
        report.push({
          type: 'sentMany',
          id,
          messageType: wire[index + 2] as string,
          args: wire[index + 3] as readonly unknown[],
        });
        index += 4;
        break;
      default:
        throw new TypeError(
          `A report record of unknown type ${String(type)}: this is a bug in reactive-futures.`,
        );
    }
  }
  return report;
}

function isBatch(requests: WorkerRequest | WorkerRequestBatch): requests is WorkerRequestBatch {
  return Array.isArray(requests);
}
