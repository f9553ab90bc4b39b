/**
 * The main side of the distributed context: tasks go to a BullMQ queue and run on runners
 * (`startRunner`), anywhere that reaches the same Redis.
 *
 * Message path: `run` serializes the invocation (`v8.serialize`) and adds a job to the queue;
 * a runner takes it, fences it (`SET started NX`: a job runs at most once), runs it in a worker
 * thread and appends the task's messages, numbered, to this context's reply stream; the
 * context's reader (`XREAD BLOCK` on a connection of its own) hands them to the task's receiver
 * in order, dropping duplicates, and trims what it read. Cancelling a task that no runner took
 * wins the fence for the main side (the job never runs); cancelling a running one sets a key
 * and publishes a notice, which the runner turns into the task's shared-memory cancel flag.
 *
 * Every future ends: a periodic reconciliation checks each started task's runner lease (a
 * killed runner fails its tasks with `RunnerLostError`) and, after Redis reconnects, that each
 * task is still known to Redis (`TaskLostError` if Redis lost its data). Verdicts are appended
 * to the reply stream like runner messages, so a final message already there wins. When Redis
 * stays unreachable for `unavailableTimeout`, open tasks fail with `RedisUnavailableError`.
 */
import { randomBytes } from 'node:crypto';
import { cwd } from 'node:process';
import { deserialize, serialize } from 'node:v8';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CancelOptions } from '../../core/base-future.js';
import { SerializationError, TaskCancelled } from '../../core/errors.js';
import { marshalError, type ExceptionInfo } from '../../core/marshal-error.js';
import { isFinalMessage, type TaskMessage } from '../../core/messages.js';
import type {
  MessageReceiver,
  ParallelContext,
  RunOptions,
  TaskControl,
} from '../../core/parallel-context.js';
import type { TaskInvocation } from '../../core/task-specification.js';
import { assertNonNegativeNumber, assertOptions, assertPositiveInteger } from '../../core/validation.js';
import { checkRedisTarget, openConnection, within, type RedisConnection } from './connection.js';
import { RedisUnavailableError, RunnerLostError, TaskLostError } from './errors.js';
import { KEY_TTL, QueueKeys } from './keys.js';
import { directoryUrl, encodeInvocation, PROTOCOL_VERSION, toBase64, VERDICT, type JobData } from './wire.js';

/** Options of `new BullMQContext()`. */
export interface BullMQContextOptions {
  /** How to reach Redis: a `redis://` URL, ioredis options, or an ioredis instance (duplicated, never closed). */
  readonly connection: RedisConnection;
  /**
   * The BullMQ queue's name; runners must use the same.
   * @default 'reactive-futures'
   */
  readonly queue?: string;
  /**
   * The prefix of every Redis key (BullMQ's `prefix`); runners must use the same. Put it in
   * braces (`'{rf}'`) on a Redis Cluster.
   * @default 'rf'
   */
  readonly prefix?: string;
  /**
   * The folder that task modules are referenced from: a module `<moduleRoot>/tasks/pi.js` is
   * sent as `tasks/pi.js`, and a runner loads it from its own `root`. Both sides must deploy
   * the same code there.
   * @default the current working directory
   */
  readonly moduleRoot?: URL | string;
  /**
   * How often, in ms, the context checks that its started tasks' runners are alive (their
   * leases), and refreshes its own liveness key.
   * @default 2000
   */
  readonly reconcileInterval?: number;
  /**
   * How long Redis may stay unreachable, in ms, before the open futures fail with
   * `RedisUnavailableError`. `Infinity`: wait for Redis as long as it takes.
   * @default 30000
   */
  readonly unavailableTimeout?: number;
  /**
   * The largest serialized arguments of one task, in bytes; larger ones fail the future with a
   * `SerializationError`. Arguments over 256 KiB travel in a Redis key of their own.
   * @default 67108864 (64 MiB)
   */
  readonly maxArgumentBytes?: number;
}

/** Arguments over this size (bytes) travel in a key of their own, not in the job's JSON data. */
const INLINE_PAYLOAD_LIMIT = 256 * 1024;
/** How many reply entries one read takes at most. */
const READ_COUNT = 256;
/** How long the reader dispatches entries before it lets the event loop run, in ms. */
const SLICE_MS = 4;
/** How long one blocking read waits, in ms, before it is issued again. */
const READ_BLOCK_MS = 1000;
/** How long `close()` waits for Redis, in ms, before it disconnects without a goodbye. */
const CLOSE_TIMEOUT_MS = 2000;

type TaskStatus = 'queued' | 'started' | 'finished';

interface RemoteTask {
  readonly jobId: string;
  readonly receive: MessageReceiver;
  status: TaskStatus;
  /** The sequence number of the next runner message expected. */
  nextSequence: number;
  cancelRequested: boolean;
  /** Settles once the job was added (or adding failed). */
  added: Promise<void>;
}

/**
 * Runs tasks on remote runners through a BullMQ queue over Redis: the same futures
 * (`submitCall`, `submitIteration`, `submitProgress`, custom kinds) across processes and
 * machines. Runners are started separately (`startRunner()`, or the `reactive-futures-runner`
 * command), with the same `connection`, `queue` and `prefix`.
 *
 * Values cross by `v8.serialize` (structured clone): `transfer()` copies. Items, progress and
 * custom messages arrive in order, none lost, even when this process stalls. A task whose
 * runner dies fails with `RunnerLostError` within the runner's lease plus `reconcileInterval`.
 *
 * @example
 * ```ts
 * const context = new BullMQContext({ connection: 'redis://localhost:6379', queue: 'rf-tasks' });
 * const executor = new Executor({ context });
 * const future = submitIteration(executor, tasks.approximatePi, 1e9);
 * // …
 * await executor.shutdown();
 * await context.close();
 * ```
 */
export class BullMQContext implements ParallelContext {
  readonly #id = randomBytes(8).toString('hex');
  readonly #keys: QueueKeys;
  readonly #queue: Queue;
  readonly #control: Redis;
  readonly #reader: Redis;
  readonly #moduleRoot: URL;
  readonly #reconcileInterval: number;
  readonly #unavailableTimeout: number;
  readonly #maxArgumentBytes: number;
  readonly #tasks = new Map<string, RemoteTask>();
  #nextJob = 1;
  #lastId = '0-0';
  #reading = false;
  #timer: NodeJS.Timeout | undefined;
  #reconciling = false;
  /** Since when Redis is unreachable (`performance.now()`), or `undefined` while connected. */
  #unreachableSince: number | undefined;
  /** Whether Redis reconnected since the last full check of the queued tasks. */
  #recheckQueued = false;
  #closed = false;
  #closing: Promise<void> | undefined;

  /** @throws {TypeError} when an option is invalid. */
  constructor(options: BullMQContextOptions) {
    assertOptions('options', options);
    const { connection, queue, prefix } = checkRedisTarget(options);
    this.#reconcileInterval = options.reconcileInterval ?? 2000;
    assertPositiveInteger('reconcileInterval', this.#reconcileInterval);
    this.#unavailableTimeout = options.unavailableTimeout ?? 30_000;
    if (this.#unavailableTimeout !== Infinity)
      assertNonNegativeNumber('unavailableTimeout', this.#unavailableTimeout);
    this.#maxArgumentBytes = options.maxArgumentBytes ?? 64 * 1024 * 1024;
    assertPositiveInteger('maxArgumentBytes', this.#maxArgumentBytes);
    this.#moduleRoot = directoryUrl(options.moduleRoot ?? cwd());
    this.#keys = new QueueKeys(prefix, queue);
    this.#control = openConnection(connection);
    this.#reader = openConnection(connection);
    this.#queue = new Queue(queue, { connection: this.#control, prefix });
    // Connection trouble is handled by reconnecting and by the unavailable timeout; without a
    // listener, ioredis and BullMQ would print every failed attempt.
    this.#queue.on('error', () => undefined);
    this.#reader.on('error', () => undefined);
    this.#control.on('error', () => undefined);
    this.#control.on('close', () => {
      this.#unreachableSince ??= performance.now();
    });
    this.#control.on('ready', () => {
      if (this.#unreachableSince === undefined) return;
      this.#unreachableSince = undefined;
      this.#recheckQueued = true;
      void this.#reconcile();
    });
  }

  /** Whether {@link BullMQContext.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** This context's id: its jobs are `<id>-<n>`, its replies in the stream `…:rf:reply:<id>`. */
  get id(): string {
    return this.#id;
  }

  /**
   * Queues `invocation` as a BullMQ job; a runner starts it when it has room. Never calls
   * `receive` synchronously.
   * @param options - per-task options: `timeout` is enforced by the runner, from the task's start.
   * @throws {Error} when the context is closed.
   */
  run(invocation: TaskInvocation, receive: MessageReceiver, options: RunOptions = {}): TaskControl {
    if (this.#closed) {
      throw new Error('Cannot run a task: this BullMQContext is closed. Create a new context for more work.');
    }
    const task: RemoteTask = {
      jobId: `${this.#id}-${this.#nextJob++}`,
      receive,
      status: 'queued',
      nextSequence: 0,
      cancelRequested: false,
      added: Promise.resolve(),
    };
    const control: TaskControl = { cancel: (cancelOptions) => this.#cancel(task, cancelOptions) };
    let payload: Buffer;
    try {
      const timeout =
        options.timeout === undefined || options.timeout === Infinity ? undefined : options.timeout;
      payload = encodeInvocation(invocation, this.#moduleRoot, timeout);
      if (payload.byteLength > this.#maxArgumentBytes) {
        throw new SerializationError(
          `The task's arguments take ${payload.byteLength} bytes serialized, more than the context's ` +
            `maxArgumentBytes (${this.#maxArgumentBytes}). Pass a reference to large data (a file path, a URL, ` +
            'a key) instead, or raise maxArgumentBytes (Redis holds at most 512 MB in one value).',
        );
      }
    } catch (error) {
      this.#finishLater(task, this.#finalMessages(task, marshalError(error)));
      return control;
    }
    this.#tasks.set(task.jobId, task);
    this.#startReading();
    this.#startTimer();
    task.added = this.#add(task, payload);
    return control;
  }

  /**
   * Ends the context's open tasks as failed (and asks their runners to cancel them), then
   * closes the context's own connections. Runners are not touched otherwise. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const closedError = marshalError(
      new Error(
        'The context was closed while this task was unfinished. Close a context only after its executors have stopped.',
      ),
    );
    const open = [...this.#tasks.values()];
    for (const task of open) this.#finishLater(task, this.#finalMessages(task, closedError));
    this.#closing = this.#shutDown(open);
    return this.#closing;
  }

  async #shutDown(open: readonly RemoteTask[]): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#control.status === 'ready') {
      const goodbye = this.#control.multi();
      for (const task of open) {
        goodbye.set(this.#keys.started(task.jobId), 'cancelled', 'PX', KEY_TTL, 'NX');
        goodbye.set(this.#keys.cancel(task.jobId), '1', 'PX', KEY_TTL);
        goodbye.publish(this.#keys.cancelChannel, `${task.jobId} 1`);
      }
      goodbye.del(this.#keys.reply(this.#id), this.#keys.context(this.#id));
      await within(
        goodbye.exec().catch(() => undefined),
        CLOSE_TIMEOUT_MS,
      );
    }
    this.#reader.disconnect();
    await within(
      this.#queue.close().catch(() => undefined),
      CLOSE_TIMEOUT_MS,
    );
    this.#control.disconnect();
  }

  async #add(task: RemoteTask, payload: Buffer): Promise<void> {
    const data: { -readonly [K in keyof JobData]: JobData[K] } = {
      v: PROTOCOL_VERSION,
      ctx: this.#id,
      node: process.version,
    };
    try {
      if (payload.byteLength > INLINE_PAYLOAD_LIMIT) {
        await this.#control.set(this.#keys.payload(task.jobId), payload, 'PX', KEY_TTL);
      } else {
        data.payload = toBase64(payload);
      }
      await this.#queue.add('task', data, {
        jobId: task.jobId,
        removeOnComplete: true,
        removeOnFail: { age: 3600 },
      });
    } catch (error) {
      if (task.status === 'finished') return;
      const reason = error instanceof Error ? error.message : String(error);
      this.#finish(
        task,
        this.#finalMessages(
          task,
          marshalError(
            new RedisUnavailableError(
              `Could not add the task to the queue: ${reason}. Check that Redis is reachable and accepts writes (maxmemory, ACLs).`,
            ),
          ),
        ),
      );
    }
  }

  #cancel(task: RemoteTask, options: CancelOptions | undefined): void {
    if (task.status === 'finished') return;
    const force = options?.force === true;
    if (task.cancelRequested && !force) return;
    task.cancelRequested = true;
    void this.#requestCancel(task, force);
  }

  async #requestCancel(task: RemoteTask, force: boolean): Promise<void> {
    try {
      // First writer of the fence wins: if it is us, no runner ever runs the job. A task seen
      // started was fenced by its runner already.
      const won =
        task.status === 'started'
          ? null
          : await this.#control.set(this.#keys.started(task.jobId), 'cancelled', 'PX', KEY_TTL, 'NX');
      if (won === 'OK') {
        this.#finish(task, [{ type: 'abandoned' }]);
        await task.added;
        await this.#queue.remove(task.jobId).catch(() => undefined);
        return;
      }
      await this.#control
        .multi()
        .set(this.#keys.cancel(task.jobId), force ? '1' : '0', 'PX', KEY_TTL)
        .publish(this.#keys.cancelChannel, `${task.jobId} ${force ? 1 : 0}`)
        .exec();
    } catch {
      // Redis is unreachable: reconciliation or the unavailable timeout ends the task.
    }
  }

  #startReading(): void {
    if (this.#reading) return;
    this.#reading = true;
    void this.#read();
  }

  async #read(): Promise<void> {
    const stream = this.#keys.reply(this.#id);
    while (!this.#closed) {
      let reply: [Buffer, [Buffer, Buffer[]][]][] | null;
      try {
        reply = await this.#reader.xreadBuffer(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          stream,
          this.#lastId,
        );
      } catch {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may have run meanwhile
        if (this.#closed) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may have run meanwhile
      if (this.#closed) return;
      const entries = reply?.[0]?.[1];
      if (entries === undefined || entries.length === 0) continue;
      // Long reads are handed over in slices, so the event loop stays responsive.
      let sliceStart = performance.now();
      for (const entry of entries) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        this.#onEntry(entry[1]);
      }
      this.#lastId = String(entries.at(-1)?.[0]);
      // Consumed entries go; the stream holds only what this context has not read yet.
      this.#control.xtrim(stream, 'MINID', this.#lastId).catch(() => undefined);
    }
  }

  /** One reply entry: fields `j` (job id), `s` (sequence number, or a verdict), `d` (bytes). */
  #onEntry(fields: readonly Buffer[]): void {
    let jobId: string | undefined;
    let sequence: string | undefined;
    let data: Buffer | undefined;
    for (let index = 0; index + 1 < fields.length; index += 2) {
      const name = String(fields[index]);
      const value = fields[index + 1] as Buffer;
      if (name === 'j') jobId = String(value);
      else if (name === 's') sequence = String(value);
      else if (name === 'd') data = value;
    }
    const task = jobId === undefined ? undefined : this.#tasks.get(jobId);
    if (task === undefined || sequence === undefined || data === undefined) return;
    if (sequence === VERDICT) {
      this.#finish(task, this.#finalMessages(task, deserialize(data) as ExceptionInfo));
      return;
    }
    const number = Number(sequence);
    // A duplicate (an XADD resent after a reconnect) goes; a gap means lost messages.
    if (number < task.nextSequence) return;
    if (number > task.nextSequence) {
      const lost = new TaskLostError(
        `Messages of this task were lost in Redis (expected message ${task.nextSequence}, got ${number}): ` +
          'Redis restarted and lost recent writes. Run Redis with `appendonly yes` and `appendfsync always` to keep them.',
      );
      this.#finish(task, this.#finalMessages(task, marshalError(lost)));
      return;
    }
    task.nextSequence++;
    const messages = deserialize(data) as TaskMessage[];
    let final = false;
    for (const message of messages) {
      if (message.type === 'started') task.status = 'started';
      if (isFinalMessage(message)) final = true;
    }
    if (final) this.#finish(task, messages);
    else task.receive(messages);
  }

  /** Ends `task` now with `messages` (which end with a final one). */
  #finish(task: RemoteTask, messages: readonly TaskMessage[]): void {
    if (this.#markFinished(task)) task.receive(messages);
  }

  /** Ends `task` with `messages`, delivered in a later task of the event loop. */
  #finishLater(task: RemoteTask, messages: readonly TaskMessage[]): void {
    if (this.#markFinished(task)) setImmediate(() => task.receive(messages));
  }

  /** Marks `task` finished and forgets it; `false` when it was finished already. */
  #markFinished(task: RemoteTask): boolean {
    if (task.status === 'finished') return false;
    task.status = 'finished';
    this.#tasks.delete(task.jobId);
    if (this.#tasks.size === 0) this.#stopTimer();
    return true;
  }

  /** Made-up final messages that end `task` with `exception` (or as abandoned, if cancelled before it started). */
  #finalMessages(task: RemoteTask, exception: ExceptionInfo | undefined): TaskMessage[] {
    if (task.cancelRequested && task.status === 'queued') return [{ type: 'abandoned' }];
    const raised: TaskMessage = {
      type: 'raised',
      exception: exception ?? marshalError(new TaskCancelled('The task was cancelled')),
    };
    return task.status === 'queued' ? [{ type: 'started' }, raised] : [raised];
  }

  #startTimer(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#reconcile(), this.#reconcileInterval);
    // Open tasks do not keep the process alive by this timer: the connections do.
    this.#timer.unref();
    void this.#control
      .set(this.#keys.context(this.#id), '1', 'PX', this.#reconcileInterval * 15)
      .catch(() => undefined);
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Checks the open tasks: a started task whose runner's lease ended, or that Redis forgot,
   * gets a verdict; after a reconnect, so does a queued task whose job Redis forgot.
   */
  async #reconcile(): Promise<void> {
    if (this.#closed) return;
    if (this.#unreachableSince !== undefined || this.#control.status !== 'ready') {
      this.#unreachableSince ??= performance.now();
      this.#failIfUnreachable();
      return;
    }
    // A check still waiting for Redis (commands wait through an outage) is not doubled.
    if (this.#reconciling) return;
    this.#reconciling = true;
    try {
      const recheckQueued = this.#recheckQueued;
      this.#recheckQueued = false;
      const open = [...this.#tasks.values()];
      const states = recheckQueued
        ? await Promise.all(
            open.map((task) =>
              task.status === 'queued' ? this.#queue.getJobState(task.jobId) : Promise.resolve('known'),
            ),
          )
        : undefined;
      const read = this.#control.pipeline();
      read.set(this.#keys.context(this.#id), '1', 'PX', this.#reconcileInterval * 15);
      for (const task of open) read.get(this.#keys.started(task.jobId));
      const results = (await read.exec()) ?? [];
      const runners = new Map<string, RemoteTask[]>();
      open.forEach((task, index) => {
        const owner = results[index + 1]?.[1] as string | null | undefined;
        if (task.status === 'finished' || owner === undefined) return;
        if (owner === null) {
          if (task.status === 'started' || states?.[index] === 'unknown') {
            void this.#verdict(
              task,
              new TaskLostError(
                'Redis no longer knows this task: it restarted without persistence, was flushed, or evicted keys. ' +
                  'Run Redis with `appendonly yes` and `maxmemory-policy noeviction`, then submit the task again.',
              ),
            );
          }
          return;
        }
        if (owner === 'cancelled') return;
        let tasks = runners.get(owner);
        if (tasks === undefined) runners.set(owner, (tasks = []));
        tasks.push(task);
      });
      if (runners.size === 0) return;
      const leases = this.#control.pipeline();
      for (const runner of runners.keys()) leases.exists(this.#keys.runner(runner));
      const alive = (await leases.exec()) ?? [];
      [...runners].forEach(([runner, tasks], index) => {
        const result = alive[index];
        if (result === undefined || result[0] !== null || result[1] !== 0) return;
        for (const task of tasks) {
          void this.#verdict(
            task,
            new RunnerLostError(
              `The runner running this task (${runner}) stopped renewing its lease: it was killed, crashed, or lost ` +
                'its connection to Redis. The task was not run again; submit it again if it is safe to repeat.',
            ),
          );
          void this.#queue.remove(task.jobId).catch(() => undefined);
        }
      });
    } catch {
      // Redis went away mid-check: the next round (or the unavailable timeout) decides.
    } finally {
      this.#reconciling = false;
    }
  }

  /** Appends a main-side verdict to the reply stream, behind any final message already there. */
  async #verdict(task: RemoteTask, error: Error): Promise<void> {
    try {
      await this.#control.xadd(
        this.#keys.reply(this.#id),
        '*',
        'j',
        task.jobId,
        's',
        VERDICT,
        'd',
        serialize(marshalError(error)),
      );
    } catch {
      this.#finish(task, this.#finalMessages(task, marshalError(error)));
    }
  }

  #failIfUnreachable(): void {
    const since = this.#unreachableSince;
    if (since === undefined || performance.now() - since < this.#unavailableTimeout) return;
    const error = marshalError(
      new RedisUnavailableError(
        `Redis has been unreachable for ${Math.round(performance.now() - since)} ms (the context's ` +
          `unavailableTimeout is ${this.#unavailableTimeout} ms), so this task's outcome cannot be known. ` +
          'Check the Redis server and the network; raise unavailableTimeout to wait longer.',
      ),
    );
    for (const task of [...this.#tasks.values()]) this.#finish(task, this.#finalMessages(task, error));
  }
}
