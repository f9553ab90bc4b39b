/**
 * The runner side of the distributed context: takes jobs from a BullMQ queue and runs them in
 * worker threads, sending each task's messages to the reply stream of the context that
 * submitted it.
 *
 * Message path: BullMQ hands a job to the processor; the runner fences it (`SET started NX`:
 * if someone else holds the fence, the job ran already or was cancelled, and it is not run),
 * checks the job's cancel key, and runs the task in its own `WorkerContext` (never on its
 * event loop, which stays free to renew BullMQ's locks and its own lease). The task's messages
 * are appended to the reply stream in order, numbered; the processor returns once the final
 * one is in Redis. A cancel notice (pub/sub, or the cancel key found at start or after a
 * reconnect) becomes the task's shared-memory cancel flag, or terminates its thread if forced.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { cwd } from 'node:process';
import { serialize } from 'node:v8';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CancelOptions } from '../../core/base-future.js';
import { SerializationError } from '../../core/errors.js';
import { marshalError } from '../../core/marshal-error.js';
import { isFinalMessage, type TaskMessage } from '../../core/messages.js';
import type { TaskControl } from '../../core/parallel-context.js';
import { assertNonNegativeNumber, assertOptions, assertPositiveInteger } from '../../core/validation.js';
import { WorkerContext, type WorkerContextOptions } from '../worker-threads/worker-context.js';
import { checkRedisTarget, openConnection, within, type RedisConnection } from './connection.js';
import { ContextLostError, RunnerStoppedError, TaskLostError } from './errors.js';
import { KEY_TTL, QueueKeys } from './keys.js';
import { decodeInvocation, directoryUrl, fromBase64, PROTOCOL_VERSION, type JobData } from './wire.js';

/** Options of {@link startRunner}. */
export interface RunnerOptions {
  /** How to reach Redis: a `redis://` URL, ioredis options, or an ioredis instance (duplicated, never closed). */
  readonly connection: RedisConnection;
  /**
   * The queue's name, as given to the `BullMQContext`s.
   * @default 'reactive-futures'
   */
  readonly queue?: string;
  /**
   * The prefix of every Redis key, as given to the `BullMQContext`s.
   * @default 'rf'
   */
  readonly prefix?: string;
  /**
   * The folder task module paths are relative to: the same code as the submitters' `moduleRoot`.
   * @default the current working directory
   */
  readonly root?: URL | string;
  /**
   * How many tasks run at once, each in a worker thread of its own.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Whether inline functions (sent as source text) may run. Anyone who can write to the queue
   * can then run code on this runner: allow them only where that is acceptable.
   * @default false
   */
  readonly allowInlineFunctions?: boolean;
  /**
   * The runner's name in messages and its lease.
   * @default `<hostname>:<pid>`
   */
  readonly name?: string;
  /**
   * How long the runner's lease lasts, in ms: if it is not renewed in that time (the runner was
   * killed, or lost Redis), submitters fail its tasks with `RunnerLostError`.
   * @default 10000
   */
  readonly lease?: number;
  /**
   * How often the lease is renewed, in ms.
   * @default lease / 5
   */
  readonly heartbeatInterval?: number;
  /**
   * BullMQ's lock duration, in ms (a backstop; the lease is what detects a lost runner).
   * @default 30000
   */
  readonly lockDuration?: number;
  /** Options of the runner's `WorkerContext` (its worker threads); `maxWorkers` is `concurrency`. */
  readonly workers?: Omit<WorkerContextOptions, 'maxWorkers'>;
}

/** Options of {@link Runner.close}. */
export interface RunnerCloseOptions {
  /**
   * How long tasks in hand may take to finish, in ms; after that they are stopped and their
   * futures fail with `RunnerStoppedError`. Queued jobs stay in the queue for other runners.
   * @default 30000
   */
  readonly grace?: number;
}

interface ActiveJob {
  readonly jobId: string;
  /** The id of the context that submitted the job. */
  readonly contextId: string;
  readonly stream: string;
  /** Whether the submitting context was found gone: its task is being stopped. */
  contextLost: boolean;
  sequence: number;
  control: TaskControl | undefined;
  /** A cancel that came before the task was handed to a thread. */
  cancel: CancelOptions | undefined;
  /** Whether the task's final message was sent (later ones are dropped). */
  finalized: boolean;
  /** Whether a `started` message was sent. */
  started: boolean;
  /** Messages waiting for the next flush. */
  pending: TaskMessage[];
  /** How many messages (items) {@link ActiveJob.pending} stands for. */
  pendingItems: number;
  /** Whether a flush is scheduled. */
  flushScheduled: boolean;
  /** The last reply write. */
  written: Promise<unknown>;
  /** Resolves once the final message is in Redis. */
  readonly done: Promise<void>;
  resolveDone: () => void;
}

/** How many messages a reply entry holds before it is sent without waiting for the turn's end. */
const ENTRY_ITEMS = 1024;

/**
 * A started runner: takes jobs of one queue and runs them. See {@link startRunner}.
 */
export class Runner {
  readonly #id = randomBytes(8).toString('hex');
  readonly #name: string;
  readonly #keys: QueueKeys;
  readonly #writer: Redis;
  readonly #subscriber: Redis;
  readonly #worker: Worker;
  readonly #context: WorkerContext;
  readonly #root: URL;
  readonly #allowInlineFunctions: boolean;
  readonly #lease: number;
  readonly #active = new Map<string, ActiveJob>();
  #heartbeat: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  /** @internal Use {@link startRunner}. */
  constructor(options: RunnerOptions) {
    assertOptions('options', options);
    const { connection, queue, prefix } = checkRedisTarget(options);
    const concurrency = options.concurrency ?? 1;
    assertPositiveInteger('concurrency', concurrency);
    this.#lease = options.lease ?? 10_000;
    assertPositiveInteger('lease', this.#lease);
    const heartbeatInterval = options.heartbeatInterval ?? Math.max(1, Math.floor(this.#lease / 5));
    assertPositiveInteger('heartbeatInterval', heartbeatInterval);
    if (options.lockDuration !== undefined) assertNonNegativeNumber('lockDuration', options.lockDuration);
    this.#name = options.name ?? `${hostname()}:${process.pid}`;
    this.#root = directoryUrl(options.root ?? cwd());
    this.#allowInlineFunctions = options.allowInlineFunctions === true;
    this.#keys = new QueueKeys(prefix, queue);
    // Commands issued in one turn of the event loop go in one write, in order.
    this.#writer = openConnection(connection, { enableAutoPipelining: true });
    this.#subscriber = openConnection(connection);
    this.#writer.on('error', () => undefined);
    this.#subscriber.on('error', () => undefined);
    this.#context = new WorkerContext({ ...options.workers, maxWorkers: concurrency });
    this.#heartbeat = setInterval(() => {
      void this.#renewLease();
      void this.#checkContexts();
    }, heartbeatInterval);
    this.#subscriber.on('message', (_channel: string, message: string) => this.#onCancelNotice(message));
    this.#subscriber.on('ready', () => void this.#recheckCancels());
    this.#worker = new Worker(queue, (job: Job) => this.#process(job), {
      connection: openConnection(connection),
      prefix,
      concurrency,
      autorun: false,
      name: this.#name,
      // A job starts at most once: a stalled one fails rather than run again (the fence of
      // the started key makes sure of it too).
      maxStalledCount: 0,
      maxStartedAttempts: 1,
      lockDuration: options.lockDuration ?? 30_000,
    });
    // Connection trouble is ridden out by reconnecting; a job Redis forgot fails its
    // bookkeeping here, and its future through the submitter's reconciliation.
    this.#worker.on('error', () => undefined);
  }

  /** The runner's name. */
  get name(): string {
    return this.#name;
  }

  /** The runner's id: the owner recorded for the jobs it takes, and the name of its lease. */
  get id(): string {
    return this.#id;
  }

  /** How many tasks the runner holds now. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** Connects, takes the lease and starts taking jobs. */
  async start(): Promise<void> {
    await this.#renewLease();
    await this.#subscriber.subscribe(this.#keys.cancelChannel);
    void this.#worker.run().catch(() => undefined);
    await this.#worker.waitUntilReady();
  }

  /**
   * Stops taking jobs, lets the tasks in hand finish within `grace` ms (then stops them: their
   * futures fail with `RunnerStoppedError`), and closes the runner's connections and threads.
   * Idempotent.
   */
  close(options: RunnerCloseOptions = {}): Promise<void> {
    this.#closing ??= this.#shutDown(options.grace ?? 30_000);
    return this.#closing;
  }

  async #shutDown(grace: number): Promise<void> {
    const stopped = this.#worker.close();
    const finished = await within(
      stopped.then(() => true),
      grace,
    );
    if (finished === undefined) {
      const error = marshalError(
        new RunnerStoppedError(
          `Runner ${this.#name} was shut down before this task finished (it waited ${grace} ms for it). ` +
            'The task was stopped and is not run again; submit it again if it is safe to repeat.',
        ),
      );
      for (const job of this.#active.values()) {
        const messages: TaskMessage[] = job.started ? [] : [{ type: 'started' }];
        messages.push({ type: 'raised', exception: error });
        this.#send(job, messages);
        job.control?.cancel({ force: true });
      }
      await within(stopped, 5000);
    }
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    await this.#context.close();
    await within(
      this.#writer.del(this.#keys.runner(this.#id)).catch(() => undefined),
      2000,
    );
    this.#writer.disconnect();
    this.#subscriber.disconnect();
  }

  async #renewLease(): Promise<void> {
    await this.#writer.set(this.#keys.runner(this.#id), this.#name, 'PX', this.#lease).catch(() => undefined);
  }

  /**
   * Stops the tasks whose submitting context is gone (its liveness key expired): first by a
   * cancel request, then, if a task is still running at the next check, by terminating it.
   */
  async #checkContexts(): Promise<void> {
    const byContext = new Map<string, ActiveJob[]>();
    for (const job of this.#active.values()) {
      if (job.control === undefined || job.finalized) continue;
      let jobs = byContext.get(job.contextId);
      if (jobs === undefined) byContext.set(job.contextId, (jobs = []));
      jobs.push(job);
    }
    if (byContext.size === 0 || this.#writer.status !== 'ready') return;
    const checks = this.#writer.pipeline();
    for (const contextId of byContext.keys()) checks.exists(this.#keys.context(contextId));
    const results = await checks.exec().catch(() => null);
    if (results === null) return;
    [...byContext.values()].forEach((jobs, index) => {
      const result = results[index];
      if (result === undefined || result[0] !== null || result[1] !== 0) return;
      for (const job of jobs) {
        const force = job.contextLost;
        job.contextLost = true;
        job.control?.cancel({ force });
      }
    });
  }

  async #process(job: Job): Promise<null> {
    const jobId = String(job.id);
    const data = job.data as Partial<JobData>;
    if (data.v !== PROTOCOL_VERSION || typeof data.ctx !== 'string') return null;
    // The fence: the first to set it owns the job. A job delivered again (BullMQ delivers at
    // least once) or cancelled before it started is not run.
    // One round trip: the fence, the cancel key and (for large arguments) the payload. The job
    // is tracked before the reply comes, so a cancel notice arriving meanwhile is kept.
    const checks = this.#writer
      .pipeline()
      .set(this.#keys.started(jobId), this.#id, 'PX', KEY_TTL, 'NX')
      .get(this.#keys.cancel(jobId))
      .exists(this.#keys.context(data.ctx));
    if (data.payload === undefined) checks.getBuffer(this.#keys.payload(jobId));
    const job_ = this.#track(jobId, data.ctx);
    const results = await checks.exec().catch(() => null);
    if (results?.[0]?.[1] !== 'OK') {
      job_.finalized = true;
      job_.resolveDone();
      return null;
    }
    try {
      const cancel = results[1]?.[1] as string | null | undefined;
      if (typeof cancel === 'string') {
        this.#send(job_, [{ type: 'abandoned' }]);
        return await job_.done.then(() => null);
      }
      // A job whose submitter is gone is not started: nobody would receive its outcome.
      if (results[2]?.[1] === 0) {
        throw new ContextLostError(
          `Runner ${this.#name} did not start this task: the context that submitted it (${data.ctx}) no longer ` +
            'renews its liveness key (its process died, stalled for long, or lost Redis).',
        );
      }
      const payload =
        data.payload === undefined ? (results[3]?.[1] as Buffer | null) : fromBase64(data.payload);
      if (payload === null) {
        throw new TaskLostError(
          `The arguments of this task were no longer in Redis when runner ${this.#name} took it (they expire after a day, ` +
            'and go with Redis data that is lost).',
        );
      }
      if (data.payload === undefined) void this.#writer.del(this.#keys.payload(jobId)).catch(() => undefined);
      const { invocation, timeout } = decodeInvocation(payload, String(data.node), {
        root: this.#root,
        allowInlineFunctions: this.#allowInlineFunctions,
        runnerName: this.#name,
      });
      if (this.#closing !== undefined) throw new RunnerStoppedError(`Runner ${this.#name} is shutting down.`);
      job_.control = this.#context.run(invocation, (messages) => this.#send(job_, messages), { timeout });
      if (job_.cancel !== undefined) job_.control.cancel(job_.cancel);
    } catch (error) {
      this.#send(job_, [{ type: 'started' }, { type: 'raised', exception: marshalError(error) }]);
    }
    await job_.done;
    return null;
  }

  #track(jobId: string, contextId: string): ActiveJob {
    let resolveDone = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      resolveDone = resolve;
    });
    const job: ActiveJob = {
      jobId,
      contextId,
      contextLost: false,
      stream: this.#keys.reply(contextId),
      sequence: 0,
      control: undefined,
      cancel: undefined,
      finalized: false,
      started: false,
      pending: [],
      pendingItems: 0,
      flushScheduled: false,
      written: Promise.resolve(),
      done,
      resolveDone,
    };
    this.#active.set(jobId, job);
    void done.then(() => this.#active.delete(jobId));
    return job;
  }

  /**
   * Queues `messages` of `job` for its context's reply stream: the messages of one turn of the
   * event loop go as one entry (fewer, larger entries stream faster); a final one goes at once.
   */
  #send(job: ActiveJob, messages: readonly TaskMessage[]): void {
    if (job.finalized) return;
    if (
      job.contextLost &&
      messages.some((message) => message.type === 'raised' || message.type === 'returned')
    ) {
      messages = this.#contextLostFinal(job, messages);
    }
    // Entries of at most about ENTRY_ITEMS items stream fast and are handed over on the main
    // side without holding its event loop for long: long runs of items are cut.
    for (const message of messages) {
      if (message.type !== 'sentMany' || message.args.length <= ENTRY_ITEMS) {
        this.#enqueue(job, message, message.type === 'sentMany' ? message.args.length : 1);
        continue;
      }
      for (let start = 0; start < message.args.length; start += ENTRY_ITEMS) {
        const args = message.args.slice(start, start + ENTRY_ITEMS);
        this.#enqueue(job, { type: 'sentMany', messageType: message.messageType, args }, args.length);
      }
    }
    if (messages.some(isFinalMessage)) {
      this.#flush(job);
      return;
    }
    if (job.flushScheduled) return;
    job.flushScheduled = true;
    setImmediate(() => this.#flush(job));
  }

  /** Queues one message (standing for `items` messages) of `job`; a full entry goes at once. */
  #enqueue(job: ActiveJob, message: TaskMessage, items: number): void {
    job.pending.push(message);
    job.pendingItems += items;
    if (job.pendingItems >= ENTRY_ITEMS && !isFinalMessage(message)) this.#flush(job);
  }

  /** Appends the queued messages of `job` to its context's reply stream, as one numbered entry. */
  #flush(job: ActiveJob): void {
    job.flushScheduled = false;
    if (job.finalized || job.pending.length === 0) return;
    const messages = job.pending;
    job.pending = [];
    job.pendingItems = 0;
    let bytes: Buffer;
    try {
      bytes = serialize(messages);
    } catch (error) {
      // A value a thread could post but v8.serialize cannot (a SharedArrayBuffer…).
      const failure = new SerializationError(
        `A message of the task could not be sent from runner ${this.#name} to the submitter: ` +
          `${error instanceof Error ? error.message : String(error)}. Values cross Redis by v8.serialize: ` +
          'send plain data (no SharedArrayBuffer, functions or symbols).',
        { cause: error },
      );
      const replacement: TaskMessage[] = job.started ? [] : [{ type: 'started' }];
      replacement.push({ type: 'raised', exception: marshalError(failure) });
      job.control?.cancel({ force: true });
      this.#send(job, replacement);
      return;
    }
    const final = messages.some(isFinalMessage);
    if (messages.some((message) => message.type === 'started')) job.started = true;
    const write = this.#writer.xadd(job.stream, '*', 'j', job.jobId, 's', String(job.sequence++), 'd', bytes);
    job.written = write.catch(() => undefined);
    if (final) {
      job.finalized = true;
      // A stream whose context is gone must not stay for ever.
      void this.#writer.pexpire(job.stream, KEY_TTL).catch(() => undefined);
      void job.written.then(() => job.resolveDone());
    }
  }

  /** `messages` with their final one replaced by a `ContextLostError`, for a task stopped because its submitter is gone. */
  #contextLostFinal(job: ActiveJob, messages: readonly TaskMessage[]): TaskMessage[] {
    const error = new ContextLostError(
      `Runner ${this.#name} stopped this task because the context that submitted it (${job.contextId}) stopped ` +
        'renewing its liveness key: its process died, stalled for long, or lost Redis.',
    );
    return [
      ...messages.filter((message) => !isFinalMessage(message)),
      { type: 'raised', exception: marshalError(error) },
    ];
  }

  #onCancelNotice(message: string): void {
    const [jobId, force] = message.split(' ');
    const job = jobId === undefined ? undefined : this.#active.get(jobId);
    if (job === undefined) return;
    this.#cancel(job, { force: force === '1' });
  }

  #cancel(job: ActiveJob, options: CancelOptions): void {
    if (job.control === undefined) {
      job.cancel = options.force === true ? options : (job.cancel ?? options);
      return;
    }
    job.control.cancel(options);
  }

  /** After the subscriber (re)connects: notices sent while it was away are read from the keys. */
  async #recheckCancels(): Promise<void> {
    const jobs = [...this.#active.values()];
    if (jobs.length === 0) return;
    const values = await this.#writer.mget(jobs.map((job) => this.#keys.cancel(job.jobId))).catch(() => []);
    jobs.forEach((job, index) => {
      const value = values[index];
      if (value !== null && value !== undefined) this.#cancel(job, { force: value === '1' });
    });
  }
}

/**
 * Starts a runner: it takes tasks from the queue that `BullMQContext`s submit to, and runs them
 * in worker threads. Resolves once it is connected and taking jobs.
 *
 * @example
 * ```ts
 * const runner = await startRunner({ connection: 'redis://localhost:6379', queue: 'rf-tasks', concurrency: 4 });
 * process.on('SIGTERM', () => void runner.close({ grace: 30_000 }));
 * ```
 * @throws {TypeError} when an option is invalid.
 */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const runner = new Runner(options);
  await runner.start();
  return runner;
}
