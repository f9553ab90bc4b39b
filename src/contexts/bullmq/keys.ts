/**
 * The Redis keys and channel that reactive-futures adds next to BullMQ's own, shared by the
 * main side ({@link BullMQContext}) and the runners. All start with `<prefix>:<queue>:rf:`, so
 * they live beside the queue's keys (same prefix, the same hash tag in a Cluster if the prefix
 * has one) and never collide with them.
 */

/** The names of one queue's keys. */
export class QueueKeys {
  readonly #base: string;

  constructor(prefix: string, queue: string) {
    this.#base = `${prefix}:${queue}:rf:`;
  }

  /** Stream: a context's reply channel (runner → main): every message of its tasks, in order. */
  reply(contextId: string): string {
    return `${this.#base}reply:${contextId}`;
  }

  /** String, with a TTL: present while the main side of a context is alive. */
  context(contextId: string): string {
    return `${this.#base}ctx:${contextId}`;
  }

  /**
   * String, set with NX: who took a job (a runner's id, or `cancelled` by the main side). Its
   * first writer wins, so a job runs at most once however often BullMQ delivers it.
   */
  started(jobId: string): string {
    return `${this.#base}started:${jobId}`;
  }

  /** String, with a TTL: a cancel request for a job (`'1'`: forced). */
  cancel(jobId: string): string {
    return `${this.#base}cancel:${jobId}`;
  }

  /** String, with a TTL: the serialized arguments of a job too large to travel in its data. */
  payload(jobId: string): string {
    return `${this.#base}args:${jobId}`;
  }

  /** String, with a TTL: present while a runner is alive (its lease). */
  runner(runnerId: string): string {
    return `${this.#base}runner:${runnerId}`;
  }

  /** Pub/sub channel: cancel notices, `<jobId> <0|1>` (1: forced). */
  get cancelChannel(): string {
    return `${this.#base}cancel`;
  }
}

/** How long fences, cancel requests and large arguments stay in Redis, in ms (a day). */
export const KEY_TTL = 24 * 60 * 60 * 1000;
