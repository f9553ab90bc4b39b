/**
 * One worker of a {@link WorkerPool}, as the pool keeps it: its slots and the tasks in them,
 * the locations it was sent, its readiness, the requests queued in this turn of the event loop
 * (posted together at its end), and how long it takes per task.
 */
import type { WorkerRequest } from '../../core/messages.js';
import { TaskFlags } from '../../core/task-flags.js';
import { inMicrotask } from '../../core/in-microtask.js';
import { NO_TRANSFERABLES, type Transferable } from '../../core/transfer.js';
import { DefinedLocations } from './location-refs.js';
import type { PoolWorker } from './pool-worker.js';
import type { PooledTask } from './pooled-task.js';

/** Called when a request could not be posted (it could not be cloned, or the worker is going). */
export type PostFailed = (
  worker: PooledWorker,
  request: WorkerRequest,
  task: PooledTask,
  error: unknown,
) => void;

/** A worker of the pool. UI thread only. */
export class PooledWorker {
  /** Set once, right after the worker is created (its events need this object first). */
  handle: PoolWorker = undefined as unknown as PoolWorker;
  readonly flags: TaskFlags | undefined;
  /** The tasks the worker holds, by id. */
  readonly tasks = new Map<number, PooledTask>();
  /** The locations this worker holds (a `define` request each), bounded. */
  readonly defined = new DefinedLocations();
  /** Whether the worker said its runtime is ready. */
  ready = false;
  /** Whether the worker ended (died, or was terminated). */
  ended = false;
  /** Moving average of the time the worker takes per task while busy, in ms; `Infinity` until known. */
  serviceTime = Infinity;
  readonly #freeSlots: number[];
  /** The slots of tasks another worker took over before this one started them, by task id. */
  readonly #detached = new Map<number, number>();
  readonly #postFailed: PostFailed;
  #lastFinish = 0;
  #requests: WorkerRequest[] = [];
  #transfers: (readonly Transferable[])[] = [];
  #requestTasks: PooledTask[] = [];
  /** Whether a queued request moves something. */
  #hasTransfers = false;
  readonly #flushQueued = (): void => this.#flush();

  constructor(slots: number, buffer: SharedArrayBuffer | undefined, postFailed: PostFailed) {
    this.flags = buffer === undefined ? undefined : new TaskFlags(buffer);
    this.#freeSlots = Array.from({ length: slots }, (_, index) => slots - 1 - index);
    this.#postFailed = postFailed;
  }

  /** Whether the worker can take another task. */
  get hasRoom(): boolean {
    return this.#freeSlots.length > 0;
  }

  /** Takes a free slot for `task` (the caller checked {@link PooledWorker.hasRoom}). */
  take(task: PooledTask): number {
    const slot = this.#freeSlots.pop() as number;
    this.flags?.reset(slot);
    this.tasks.set(task.id, task);
    if (this.tasks.size === 1) {
      this.handle.setActive(true);
      this.#lastFinish = performance.now();
    }
    return slot;
  }

  /** Frees `task`'s slot. */
  release(task: PooledTask): void {
    if (this.#forget(task)) this.#freeSlots.push(task.slot);
  }

  /**
   * Forgets `task`, which another worker took over before this one started it; its slot stays
   * taken until this worker's own final message for it ({@link PooledWorker.releaseDetached}).
   */
  detach(task: PooledTask): void {
    if (this.#forget(task)) this.#detached.set(task.id, task.slot);
  }

  /** Drops `task` from those the worker holds; `false` if it held none such. */
  #forget(task: PooledTask): boolean {
    if (!this.tasks.delete(task.id)) return false;
    // A worker that is ending stays referenced until it is gone (its termination is awaited).
    if (this.tasks.size === 0 && !this.ended) this.handle.setActive(false);
    return true;
  }

  /** Frees the slot of task `id` if it was detached: this worker's final message for it came. */
  releaseDetached(id: number): void {
    const slot = this.#detached.get(id);
    if (slot === undefined) return;
    this.#detached.delete(id);
    this.#freeSlots.push(slot);
  }

  /** Updates the average time per task, which decides whether the worker gets tasks ahead. */
  recordFinish(): void {
    const now = performance.now();
    const elapsed = now - this.#lastFinish;
    this.#lastFinish = now;
    this.serviceTime = this.serviceTime === Infinity ? elapsed : this.serviceTime * 0.75 + elapsed * 0.25;
  }

  /**
   * Sends `request` (about `task`). Where the worker takes batches, requests made in one turn of
   * the event loop are queued and posted together at its end, in order.
   */
  post(request: WorkerRequest, transfer: readonly Transferable[], task: PooledTask): void {
    if (this.handle.postMany === undefined) {
      this.#postOne(request, transfer, task);
      return;
    }
    this.#requests.push(request);
    this.#transfers.push(transfer);
    if (transfer.length > 0) this.#hasTransfers = true;
    this.#requestTasks.push(task);
    if (this.#requests.length === 1) inMicrotask(this.#flushQueued);
  }

  /** Posts the requests queued in this turn; if one cannot be cloned, only its task fails. */
  #flush(): void {
    const requests = this.#requests;
    const transfers = this.#transfers;
    const hasTransfers = this.#hasTransfers;
    const tasks = this.#requestTasks;
    this.#hasTransfers = false;
    this.#requests = [];
    this.#transfers = [];
    this.#requestTasks = [];
    // Requests to a worker that ended are moot: its tasks were requeued or finished.
    if (this.ended || requests.length === 0) return;
    try {
      (this.handle.postMany as NonNullable<PoolWorker['postMany']>)(
        requests,
        hasTransfers ? transfers.flat() : NO_TRANSFERABLES,
      );
      return;
    } catch {
      // A DataCloneError sends nothing: find the culprits by posting one by one.
    }
    requests.forEach((request, index) => {
      this.#postOne(request, transfers[index] ?? [], tasks[index] as PooledTask);
    });
  }

  #postOne(request: WorkerRequest, transfer: readonly Transferable[], task: PooledTask): void {
    try {
      this.handle.post(request, transfer);
    } catch (error) {
      // Should the worker not be going away, send the location again next time.
      if (request.type === 'define') this.defined.lost(request.ref);
      this.#postFailed(this, request, task, error);
    }
  }
}
