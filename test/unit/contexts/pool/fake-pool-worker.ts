/**
 * An in-process stand-in for a pool worker: it records what the pool posts and lets a test
 * play the worker's part (ready, started, results, exit) by hand, with the real shared task
 * flags, so that the pool's scheduling and task lifecycle are tested without threads or sleeps.
 */
import type { WorkerExit } from '../../../../src/core/errors.js';
import type { TaskReport, WorkerRequest } from '../../../../src/core/messages.js';
import { TaskFlags } from '../../../../src/core/task-flags.js';
import type {
  CreatePoolWorker,
  PoolWorker,
  PoolWorkerEvents,
} from '../../../../src/contexts/pool/pool-worker.js';

/** One fake worker, as the test drives it. */
export class FakePoolWorker implements PoolWorker {
  readonly requests: WorkerRequest[] = [];
  readonly flags: TaskFlags | undefined;
  readonly #events: PoolWorkerEvents;
  terminated = false;
  active = false;

  constructor(buffer: SharedArrayBuffer | undefined, events: PoolWorkerEvents) {
    this.flags = buffer === undefined ? undefined : new TaskFlags(buffer);
    this.#events = events;
  }

  post(request: WorkerRequest): void {
    this.requests.push(request);
  }

  postMany(requests: readonly WorkerRequest[]): void {
    this.requests.push(...requests);
  }

  setActive(active: boolean): void {
    this.active = active;
  }

  terminate(): Promise<void> {
    this.terminated = true;
    return Promise.resolve();
  }

  /** The ids of the tasks the pool asked this worker to run, in order. */
  get runIds(): number[] {
    return this.requests.flatMap((request) => (request.type === 'run' ? [request.id] : []));
  }

  /** The ids of the tasks the pool asked this worker to cancel. */
  get cancelIds(): number[] {
    return this.requests.flatMap((request) => (request.type === 'cancel' ? [request.id] : []));
  }

  /** The slot of task `id`. */
  slotOf(id: number): number {
    const request = this.requests.find((each) => each.type === 'run' && each.id === id);
    if (request?.type !== 'run') throw new Error(`task ${id} was not sent to this worker`);
    return request.slot;
  }

  ready(): void {
    this.#events.ready();
  }

  /** Starts task `id` as the runtime does: marks its flag (unless withdrawn), reports `started`. */
  start(id: number): boolean {
    if (this.flags?.markStarted(this.slotOf(id)) === false) return false;
    this.report({ id, type: 'started' });
    return true;
  }

  report(...messages: TaskReport[]): void {
    this.#events.report(messages);
  }

  exit(exit: WorkerExit = { exitCode: 1, signal: null, outOfMemory: false }, reason?: string): void {
    this.#events.exit(exit, reason);
  }
}

/** A {@link CreatePoolWorker} that makes fake workers, and the list of those it made. */
export function fakeWorkers(): { create: CreatePoolWorker; workers: FakePoolWorker[] } {
  const workers: FakePoolWorker[] = [];
  return {
    workers,
    create: (buffer, events) => {
      const worker = new FakePoolWorker(buffer, events);
      workers.push(worker);
      return worker;
    },
  };
}
