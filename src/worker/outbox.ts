/**
 * Batching of task messages on their way to the main thread: one `postMessage` carries every
 * message produced in one turn of the worker's event loop, or at most `maxBatch` messages, or
 * what a busy synchronous loop produced in `maxDelay` ms. The main thread thus sees a fast
 * generator as a few large deliveries instead of a flood of tiny ones.
 */
import { SerializationError } from '../core/errors.js';
import { marshalError } from '../core/marshal-error.js';
import { reasonOf } from '../core/reason-of.js';
import { isFinalMessage, type TaskReport, type WorkerReport } from '../core/messages.js';
import { collectTransferables, type Transferable } from '../core/transfer.js';

/** Sends a batch of reports; throws (a `DataCloneError`) when one cannot be cloned. */
export type PostReport = (report: WorkerReport, transfer: Transferable[]) => void;

/** Tuning of an {@link Outbox}. */
export interface OutboxOptions {
  /** Post as soon as this many messages wait. @default 1024 */
  readonly maxBatch?: number;
  /** Post when the oldest waiting message is this old, in ms, even inside a busy loop. @default 8 */
  readonly maxDelay?: number;
}

/** The outgoing message queue of one worker. */
export class Outbox {
  readonly #post: PostReport;
  readonly #maxBatch: number;
  readonly #maxDelay: number;
  readonly #onUncloneable: (id: number) => void;
  #reports: TaskReport[] = [];
  /** How many task messages wait (a `sentMany` report counts each of its items). */
  #count = 0;
  #polls = 0;
  #transfers: Transferable[][] = [];
  #hasTransfers = false;
  #oldest = 0;
  #flushScheduled = false;
  readonly #failedTasks = new Set<number>();

  /**
   * @param onUncloneable - called with the id of a task one of whose messages could not be
   * cloned; the task has been failed and its later messages are dropped.
   */
  constructor(post: PostReport, onUncloneable: (id: number) => void, options: OutboxOptions = {}) {
    this.#post = post;
    this.#onUncloneable = onUncloneable;
    this.#maxBatch = options.maxBatch ?? 1024;
    this.#maxDelay = options.maxDelay ?? 8;
  }

  /** Queues `report`, moving `transfer` with it. */
  push(report: TaskReport, transfer: readonly Transferable[] = []): void {
    if (this.#failedTasks.has(report.id)) {
      if (isFinalMessage(report)) this.#failedTasks.delete(report.id);
      return;
    }
    this.#reports.push(report);
    this.#transfers.push(transfer as Transferable[]);
    if (transfer.length > 0) this.#hasTransfers = true;
    this.#counted();
  }

  /**
   * Queues a `sent` message of task `id`. Consecutive ones of the same task and type travel as
   * one `sentMany` report: one object and one array on the wire instead of one object per
   * message, which is what makes streaming millions of small items cheap.
   */
  pushSent(id: number, messageType: string, arg: unknown, transfer: readonly Transferable[] = []): void {
    const index = this.#reports.length - 1;
    const last = this.#reports[index];
    if (
      last?.type !== 'sentMany' ||
      last.id !== id ||
      last.messageType !== messageType ||
      (this.#failedTasks.size > 0 && this.#failedTasks.has(id))
    ) {
      this.push({ id, type: 'sentMany', messageType, args: [arg] }, transfer);
      return;
    }
    (last.args as unknown[]).push(arg);
    if (transfer.length > 0) {
      this.#transfers[index] = [...(this.#transfers[index] ?? []), ...transfer];
      this.#hasTransfers = true;
    }
    this.#counted();
  }

  /** Counts one more waiting message; posts or schedules the batch. */
  #counted(): void {
    const count = ++this.#count;
    if (count === 1) this.#oldest = performance.now();
    // Reading the clock costs ~50 ns: do it for each of the first messages of a batch (a slow
    // synchronous loop must still report promptly) and then every 64th (a fast one).
    const checkClock = count < 64 || count % 64 === 0;
    if (count >= this.#maxBatch || (checkClock && performance.now() - this.#oldest >= this.#maxDelay)) {
      this.flush();
    } else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => {
        this.#flushScheduled = false;
        this.flush();
      });
    }
  }

  /**
   * Called at a task's cancellation checks: posts what waits once it is `maxDelay` old, so a
   * task in a long synchronous loop that sends nothing is still seen (its `started` above all).
   * Reads the clock only at every 64th call.
   */
  poll(): void {
    if (this.#count === 0 || (++this.#polls & 63) !== 0) return;
    if (performance.now() - this.#oldest >= this.#maxDelay) this.flush();
  }

  /** Posts every waiting message now. */
  flush(): void {
    if (this.#reports.length === 0) return;
    const reports = this.#reports;
    const transfers = this.#transfers;
    const hasTransfers = this.#hasTransfers;
    this.#reports = [];
    this.#transfers = [];
    this.#hasTransfers = false;
    this.#count = 0;
    try {
      this.#post(reports, hasTransfers ? transfers.flat() : []);
    } catch {
      this.#postOneByOne(reports, transfers);
    }
  }

  #postOneByOne(reports: readonly TaskReport[], transfers: readonly Transferable[][]): void {
    const single: TaskReport[] = [];
    const singleTransfers: Transferable[][] = [];
    reports.forEach((report, index) => {
      if (report.type !== 'sentMany') {
        single.push(report);
        singleTransfers.push(transfers[index] ?? []);
        return;
      }
      // Find the item that cannot be cloned: the ones before it are still delivered.
      for (const arg of report.args) {
        single.push({ id: report.id, type: 'sent', messageType: report.messageType, arg });
        singleTransfers.push(collectTransferables([arg]));
      }
    });
    single.forEach((report, index) => {
      if (this.#failedTasks.has(report.id)) {
        // The task's own final message ends its entry (it already ended as raised).
        if (isFinalMessage(report)) this.#failedTasks.delete(report.id);
        return;
      }
      try {
        this.#post([report], singleTransfers[index] ?? []);
      } catch (error) {
        this.#post(
          [{ id: report.id, type: 'raised', exception: marshalError(uncloneable(report, error)) }],
          [],
        );
        if (report.type === 'sent') {
          this.#failedTasks.add(report.id);
          this.#onUncloneable(report.id);
        }
      }
    });
  }
}

function uncloneable(report: TaskReport, cause: unknown): SerializationError {
  const what =
    report.type === 'returned'
      ? 'The result of the task'
      : report.type === 'sent'
        ? describeSentMessage(report.messageType)
        : 'A message of the task';
  const reason = reasonOf(cause);
  return new SerializationError(
    `${what} could not be sent to the main thread: ${reason}. Values cross threads by structured clone: ` +
      'send plain data (objects, arrays, numbers, strings, typed arrays, Maps, Sets, Dates), not functions, class instances with behaviour, or handles.',
    { cause },
  );
}

/** How a user knows a custom message: the built-in kinds' items and reports by their role. */
function describeSentMessage(messageType: string): string {
  if (messageType === 'generated') return 'An item of the iteration';
  if (messageType === 'progress') return 'A progress report of the task';
  return `A \`${messageType}\` message sent by the task`;
}
