/**
 * Batching of task messages on their way to the main thread, without holding any message back
 * for long (SPEC §3.8a).
 *
 * The outbox is in one of two modes. `immediate`: each message is posted as it is sent (the
 * leading edge), so a task that sends now and then (an item per step of work, a progress
 * report, a reply to the main thread) is seen at once, whatever it does next. A task that
 * sends more than `burst` messages within `quietGap` moves it to `batching`: messages are held
 * and travel together, and the held batch is posted as soon as the task sends one after a
 * pause of `quietGap` (which also returns to `immediate`), or sends one when the batch is
 * `maxDelay` old or `maxBatch` long, or ends its synchronous stretch (a microtask: it awaited
 * or returned), or checks `cancelled()` a while after its last message ({@link Outbox.poll}),
 * or pauses for backpressure, or ends. A fast generator is thus seen as a few large
 * deliveries, and a slow one item by item.
 *
 * What remains: when a task that sends fast (`batching`) stops sending and then computes or
 * blocks without checking `cancelled()`, awaiting or ending, its last held batch travels when
 * it next does one of these. A running thread cannot be interrupted to post it; this residual
 * bound is stated in docs/performance.md.
 */
import { SerializationError } from '../core/errors.js';
import { marshalError } from '../core/marshal-error.js';
import { reasonOf } from '../core/reason-of.js';
import { describeCarried, isFinalMessage, type TaskReport, type WorkerReport } from '../core/messages.js';
import { collectTransferables, type Transferable } from '../core/transfer.js';

/** Sends a batch of reports; throws (a `DataCloneError`) when one cannot be cloned. */
export type PostReport = (report: WorkerReport, transfer: Transferable[]) => void;

/** Tuning of an {@link Outbox}. */
export interface OutboxOptions {
  /** Post as soon as this many messages wait. @default 1024 */
  readonly maxBatch?: number;
  /** Post a held batch once it is this old, in ms, at the task's next message. @default 8 */
  readonly maxDelay?: number;
  /**
   * The window, in ms, in which more than `burst` messages make the task a fast sender whose
   * messages are batched; a pause this long makes it a slow one again. @default 1
   */
  readonly quietGap?: number;
  /** How many messages within `quietGap` are still posted one by one. @default 16 */
  readonly burst?: number;
}

/** Whether messages are posted as they come, or held to travel together (see the module doc). */
/** In `batching` mode, past this many held messages the clock is read once per this many. */
const CLOCK_STRIDE = 64;

type OutboxMode = 'immediate' | 'batching';

/** The outgoing message queue of one worker. */
export class Outbox {
  readonly #post: PostReport;
  readonly #maxBatch: number;
  readonly #maxDelay: number;
  readonly #quietGap: number;
  readonly #burst: number;
  readonly #onUncloneable: (id: number) => void;
  #reports: TaskReport[] = [];
  /** How many task messages wait (a `sentMany` report counts each of its items). */
  #count = 0;
  #transfers: Transferable[][] = [];
  #hasTransfers = false;
  /** When the oldest waiting message was queued. */
  #oldest = 0;
  #mode: OutboxMode = 'immediate';
  /** When the running task last sent a message; `-Infinity` before its first. */
  #lastSent = -Infinity;
  /** In `immediate` mode: when the current window of `quietGap` began, and the messages sent in it. */
  #windowStart = -Infinity;
  #sentInWindow = 0;
  /** When any message was last queued (a task's start or end included). */
  #lastQueued = -Infinity;
  /** `cancelled()` checks since the task's last message (see {@link Outbox.poll}). */
  #polls = 0;
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
    this.#quietGap = options.quietGap ?? 1;
    this.#burst = options.burst ?? 16;
  }

  /**
   * Queues a lifecycle message (`started`, or a final one), moving `transfer` with it. A
   * `started` is posted at once when the worker was quiet, held when it follows another task's
   * end closely (a fast stream of short tasks then costs one post per task); a final message
   * is posted at once, with whatever its task left waiting.
   */
  push(report: TaskReport, transfer: readonly Transferable[] = []): void {
    if (!this.#queue(report, transfer)) return;
    const now = performance.now();
    const quiet = now - this.#lastQueued >= this.#quietGap;
    this.#lastQueued = now;
    if (report.type === 'started') {
      // Nothing says yet that the task sends fast.
      this.#mode = 'immediate';
      this.#lastSent = -Infinity;
      this.#windowStart = -Infinity;
      this.#polls = 0;
      if (quiet && this.#count === 1) this.flush();
      else this.#scheduleFlush();
      return;
    }
    if (isFinalMessage(report)) {
      this.flush();
      return;
    }
    this.#sentAt(now);
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
      if (!this.#queue({ id, type: 'sentMany', messageType, args: [arg] }, transfer)) return;
    } else {
      (last.args as unknown[]).push(arg);
      if (transfer.length > 0) {
        this.#transfers[index] = [...(this.#transfers[index] ?? []), ...transfer];
        this.#hasTransfers = true;
      }
      this.#count += 1;
    }
    // Reading the clock costs ~50 ns a message: a fast sender's batch reads it for its first 64
    // messages, then for every 64th; the ones between belong to the same fast stretch.
    if (
      this.#mode === 'batching' &&
      this.#count > CLOCK_STRIDE &&
      this.#count % CLOCK_STRIDE !== 0 &&
      this.#count < this.#maxBatch
    ) {
      this.#polls = 0;
      this.#scheduleFlush();
      return;
    }
    const now = performance.now();
    this.#lastQueued = now;
    this.#sentAt(now);
  }

  /** Adds `report` to the batch; `false` when it is dropped (its task was failed). */
  #queue(report: TaskReport, transfer: readonly Transferable[]): boolean {
    if (this.#failedTasks.size > 0 && this.#failedTasks.has(report.id)) {
      if (isFinalMessage(report)) this.#failedTasks.delete(report.id);
      return false;
    }
    this.#reports.push(report);
    this.#transfers.push(transfer as Transferable[]);
    if (transfer.length > 0) this.#hasTransfers = true;
    this.#count += 1;
    return true;
  }

  /** A task message was queued at `now`: posts it, or holds it while the task sends fast. */
  #sentAt(now: number): void {
    if (this.#count === 1) this.#oldest = now;
    const gap = now - this.#lastSent;
    this.#lastSent = now;
    this.#polls = 0;
    if (this.#mode === 'batching') {
      if (gap >= this.#quietGap) {
        this.#mode = 'immediate';
        this.#windowStart = now;
        this.#sentInWindow = 1;
        this.flush();
      } else if (this.#count >= this.#maxBatch || now - this.#oldest >= this.#maxDelay) {
        this.flush();
      } else {
        this.#scheduleFlush();
      }
      return;
    }
    if (now - this.#windowStart >= this.#quietGap) {
      this.#windowStart = now;
      this.#sentInWindow = 0;
    }
    if (++this.#sentInWindow <= this.#burst) {
      this.flush();
      return;
    }
    this.#mode = 'batching';
    this.#scheduleFlush();
  }

  /** Posts what waits once the current synchronous stretch of the worker ends. */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      this.flush();
    });
  }

  /**
   * Called at a task's cancellation checks: posts what waits once the task has sent nothing for
   * `quietGap`, so a task that sent a burst and then computes, checking `cancelled()`, still
   * delivers it. The clock is read at the 2nd, 4th, 8th… check after the last message: a loop
   * that checks between two items costs nothing, and a held batch goes out by the time the
   * task has made twice the checks it made within `quietGap` after its last message.
   */
  poll(): void {
    if (this.#count === 0) return;
    const polls = ++this.#polls;
    if (polls < 2 || (polls & (polls - 1)) !== 0) return;
    if (performance.now() - this.#lastSent >= this.#quietGap) this.flush();
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
  const reason = reasonOf(cause);
  return new SerializationError(
    `${describeCarried(report)} could not be sent to the main thread: ${reason}. Values cross threads by structured clone: ` +
      'send plain data (objects, arrays, numbers, strings, typed arrays, Maps, Sets, Dates), not functions, class instances with behaviour, or handles.',
    { cause },
  );
}
