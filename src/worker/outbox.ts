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
 * Short tasks in a row are treated alike. The end of a task that ran under `quietGap` is held
 * while a task of the same function waits behind it (the pool sends many tasks ahead only when
 * they take under a millisecond), or while the main thread has not read the worker's earlier
 * posts yet (it counts them in shared memory: {@link ReadReceipts}), and the starts and ends of
 * the short tasks of that function that follow travel with it. The batch goes when the run of
 * them has ended and the main thread has caught up, when it is `maxDelay` old, when a task of
 * another function starts, or when a task checks `cancelled()` a while after it started. Many
 * short tasks are thus one post, and one wake-up of the main thread, instead of one each; a main
 * thread that keeps up sees each end at once.
 *
 * What remains: when a task that sends fast (`batching`) stops sending and then computes or
 * blocks without checking `cancelled()`, awaiting or ending, its last held batch travels when
 * it next does one of these; likewise the held ends of short tasks, when the task after them
 * unexpectedly computes for long without checking. A running thread cannot be interrupted to
 * post it; this residual bound is stated in docs/performance.md.
 */
import { SerializationError } from '../core/errors.js';
import { marshalError } from '../core/marshal-error.js';
import { reasonOf } from '../core/reason-of.js';
import { describeCarried, isFinalMessage, type TaskReport, type WorkerReport } from '../core/messages.js';
import { inMicrotask } from '../core/in-microtask.js';
import { transferablesOf, type Transferable } from '../core/transfer.js';

/** Sends a batch of reports; throws (a `DataCloneError`) when one cannot be cloned. */
export type PostReport = (report: WorkerReport, transfer: readonly Transferable[]) => void;

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

/** In `batching` mode, past this many held messages the clock is read once per this many. */
const CLOCK_STRIDE = 64;

/**
 * What the worker learns, through shared memory, of the main thread's reading of its posts:
 * the main thread counts each batch as it begins handling it.
 */
export interface ReadReceipts {
  /** How many of the worker's posts the main thread began handling (modulo 2³²). */
  batchesRead(): number;
  /**
   * Settles once {@link ReadReceipts.batchesRead} is no longer `seen`, or after `timeout` ms;
   * `undefined` when it already changed or the platform cannot wait.
   */
  whenBatchRead(seen: number, timeout: number): Promise<unknown> | undefined;
}

/** Whether messages are posted as they come, or held to travel together (see the module doc). */
type OutboxMode = 'immediate' | 'batching';

/** Runs `callback` in a later turn of the event loop (after pending I/O and messages). */
const inNextTurn: (callback: () => void) => void =
  (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate ??
  ((callback) => setTimeout(callback, 0));

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
  /** When the running task's `started` was queued. */
  #startedAt = -Infinity;
  /**
   * Whether the last task to end ran under `quietGap`. A `started` right after the end of a long
   * task is posted at once (it may start a long one too: the pool sends one such task ahead).
   */
  #lastEndShort = false;
  /** Whether the held ends of short tasks are to be released (see {@link Outbox.#release}). */
  #releaseScheduled = false;
  /** Whether the last end held had a task alike behind it (else the main thread was behind). */
  #heldForTasksAhead = false;
  readonly #tasksWaiting: () => boolean;
  readonly #startsAlike: () => boolean;
  readonly #receipts: ReadReceipts | undefined;
  /** How many batches this outbox posted (modulo 2³², like {@link ReadReceipts.batchesRead}). */
  #posted = 0;
  /** The value of `#posted` after the post that carried the running task's `started` last. */
  #startPosted = -1;
  readonly #failedTasks = new Set<number>();

  /**
   * @param onUncloneable - called with the id of a task one of whose messages could not be
   * cloned; the task has been failed and its later messages are dropped.
   * @param tasksWaiting - whether a task of the same function as the running one waits behind
   * it in this worker (the pool sent it ahead).
   * @param receipts - the main thread's count of the posts it read, where it keeps one.
   * @param startsAlike - whether the running task is of the same function as the task before it
   * (only then may its `started` be held behind that task's short end).
   */
  constructor(
    post: PostReport,
    onUncloneable: (id: number) => void,
    options: OutboxOptions = {},
    tasksWaiting: () => boolean = () => false,
    receipts?: ReadReceipts,
    startsAlike: () => boolean = () => true,
  ) {
    this.#post = post;
    this.#onUncloneable = onUncloneable;
    this.#tasksWaiting = tasksWaiting;
    this.#receipts = receipts;
    this.#startsAlike = startsAlike;
    this.#maxBatch = options.maxBatch ?? 1024;
    this.#maxDelay = options.maxDelay ?? 8;
    this.#quietGap = options.quietGap ?? 1;
    this.#burst = options.burst ?? 16;
  }

  /**
   * Queues a lifecycle message (`started`, or a final one), moving `transfer` with it. A
   * `started` is posted at once when the worker was quiet, or the task before ran long or ran
   * another function, held when it follows a short end of the same function closely (a fast
   * stream of short tasks then costs one post per task); a final message is posted at once,
   * with whatever its task left waiting, unless it ends a short task in a run of them or while
   * the main thread is behind (see the module doc).
   */
  push(report: TaskReport, transfer: readonly Transferable[] = []): void {
    if (!this.#queue(report, transfer)) return;
    const now = performance.now();
    const quiet = now - this.#lastQueued >= this.#quietGap;
    this.#lastQueued = now;
    if (this.#count === 1) this.#oldest = now;
    if (report.type === 'started') {
      // Nothing says yet that the task sends fast.
      this.#mode = 'immediate';
      this.#lastSent = -Infinity;
      this.#windowStart = -Infinity;
      this.#polls = 0;
      this.#startedAt = now;
      if (this.#releaseScheduled) {
        // A task of the same function, sent ahead behind short ones, travels with their held
        // ends; any other (nothing says it is short) takes them along at once.
        if (this.#heldForTasksAhead && now - this.#oldest < this.#maxDelay) return;
        this.flush();
        this.#startPosted = this.#posted;
        return;
      }
      if ((quiet || !this.#lastEndShort || !this.#startsAlike()) && this.#count === 1) {
        this.flush();
        this.#startPosted = this.#posted;
      } else {
        this.#scheduleFlush();
      }
      return;
    }
    if (isFinalMessage(report)) {
      this.#lastEndShort = now - this.#startedAt < this.#quietGap;
      if (this.#lastEndShort && now - this.#oldest < this.#maxDelay) {
        this.#heldForTasksAhead = this.#tasksWaiting();
        if (this.#heldForTasksAhead || this.#mainThreadBehind()) {
          this.#scheduleRelease();
          return;
        }
      }
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

  /**
   * Whether the main thread has posts of this worker still to read, other than the one that
   * carried the running task's own `started` (its end then goes at once).
   */
  #mainThreadBehind(): boolean {
    if (this.#receipts === undefined) return false;
    const unread = (this.#posted - this.#receipts.batchesRead()) | 0;
    return unread > 1 || (unread === 1 && this.#posted !== this.#startPosted);
  }

  /**
   * Releases the held ends of short tasks in the next turn of the event loop (short tasks run
   * one after another in microtasks, so the batch waits for the last of them, or for one that
   * awaits), or once the main thread has caught up.
   */
  #scheduleRelease(): void {
    if (this.#releaseScheduled) return;
    this.#releaseScheduled = true;
    inNextTurn(this.#release);
  }

  readonly #release = (): void => {
    if (!this.#releaseScheduled) return; // posted meanwhile
    const age = performance.now() - this.#oldest;
    if (this.#mainThreadBehind() && age < this.#maxDelay) {
      const receipts = this.#receipts as ReadReceipts;
      const read = receipts.whenBatchRead(receipts.batchesRead(), this.#maxDelay - age);
      if (read !== undefined) {
        void read.then(this.#release);
        return;
      }
    }
    this.flush();
  };

  /** Posts what waits once the current synchronous stretch of the worker ends. */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    inMicrotask(this.#flushScheduledNow);
  }

  readonly #flushScheduledNow = (): void => {
    this.#flushScheduled = false;
    // Held ends of short tasks are waiting to be released: what came since goes with them.
    if (!this.#releaseScheduled) this.flush();
  };

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
    this.#releaseScheduled = false;
    if (this.#reports.length === 0) return;
    const reports = this.#reports;
    const transfers = this.#transfers;
    const hasTransfers = this.#hasTransfers;
    this.#reports = [];
    this.#transfers = [];
    this.#hasTransfers = false;
    this.#count = 0;
    try {
      this.#postCounted(reports, hasTransfers ? transfers.flat() : []);
    } catch {
      this.#postOneByOne(reports, transfers);
    }
  }

  /** Posts one batch, counting it (see {@link ReadReceipts}); throws what posting throws. */
  #postCounted(report: WorkerReport, transfer: readonly Transferable[]): void {
    this.#post(report, transfer);
    this.#posted = (this.#posted + 1) | 0;
  }

  #postOneByOne(reports: readonly TaskReport[], transfers: readonly Transferable[][]): void {
    const single: TaskReport[] = [];
    const singleTransfers: (readonly Transferable[])[] = [];
    reports.forEach((report, index) => {
      if (report.type !== 'sentMany') {
        single.push(report);
        singleTransfers.push(transfers[index] ?? []);
        return;
      }
      // Find the item that cannot be cloned: the ones before it are still delivered.
      for (const arg of report.args) {
        single.push({ id: report.id, type: 'sent', messageType: report.messageType, arg });
        singleTransfers.push(transferablesOf(arg));
      }
    });
    single.forEach((report, index) => {
      if (this.#failedTasks.has(report.id)) {
        // The task's own final message ends its entry (it already ended as raised).
        if (isFinalMessage(report)) this.#failedTasks.delete(report.id);
        return;
      }
      try {
        this.#postCounted([report], singleTransfers[index] ?? []);
      } catch (error) {
        this.#postCounted(
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
