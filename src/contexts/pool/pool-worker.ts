/**
 * The one thing a platform provides to the worker pool: a way to start a worker running the
 * reactive-futures runtime, talk to it, and learn when it dies.
 */
import type { WorkerExit } from '../../core/errors.js';
import type { WorkerReport, WorkerRequest, WorkerRequestBatch } from '../../core/messages.js';
import type { Transferable } from '../../core/transfer.js';

/** What a started worker tells the pool. */
export interface PoolWorkerEvents {
  /**
   * The worker's runtime is listening. A worker that exits before saying so started none of
   * its tasks (they may run elsewhere), and counts as a failed start.
   */
  ready(): void;
  /** A batch of task messages arrived from the worker. */
  report(report: WorkerReport): void;
  /** The worker ended, with `reason` (e.g. the uncaught error) when one is known. */
  exit(exit: WorkerExit, reason: string | undefined): void;
}

/** A running worker, as the pool sees it. */
export interface PoolWorker {
  /**
   * Sends a request.
   *
   * @throws {Error} (a `DataCloneError`) when the request cannot be cloned.
   */
  post(request: WorkerRequest, transfer: readonly Transferable[]): void;
  /**
   * Sends several requests in one message, in order, when the worker's runtime reads
   * {@link WorkerRequestBatch}es. Without it the pool posts each request on its own.
   *
   * @throws {Error} (a `DataCloneError`) when one of the requests cannot be cloned; then none
   * was sent.
   */
  postMany?(requests: WorkerRequestBatch, transfer: readonly Transferable[]): void;
  /**
   * Tells a worker that does not share the pool's memory (a child process) that `count` more
   * items of the task in `slot` were delivered, for iteration backpressure. Workers that share
   * the pool's task flags see the count there and need nothing.
   */
  delivered?(slot: number, count: number): void;
  /** Whether the worker should keep the host process alive (it has work). */
  setActive(active: boolean): void;
  /** Stops the worker; resolves once it is gone. */
  terminate(): Promise<void>;
}

/** Starts a worker whose runtime reads the given shared task flags. */
export type CreatePoolWorker = (flags: SharedArrayBuffer | undefined, events: PoolWorkerEvents) => PoolWorker;
