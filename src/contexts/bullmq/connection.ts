/**
 * Opening the context's and the runner's own Redis connections from what the user gave.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { expectedMessage } from '../../core/validation.js';

/**
 * How to reach Redis: a `redis://` URL, ioredis options, or an ioredis instance (which is
 * duplicated: the context or runner opens and closes connections of its own, never the
 * instance it was given).
 */
export type RedisConnection = string | RedisOptions | Redis;

/** A new connection to the Redis of `connection`, with `extra` options on top. */
export function openConnection(connection: RedisConnection, extra: RedisOptions = {}): Redis {
  // BullMQ needs `maxRetriesPerRequest: null` on the connections it blocks on; ours retry
  // through outages the same way (commands wait for the reconnect instead of failing).
  const options: RedisOptions = { maxRetriesPerRequest: null, ...extra };
  if (connection instanceof Redis) return connection.duplicate(options);
  // ioredis's option types do not allow `undefined` for absent options (exactOptionalPropertyTypes).
  const RedisClient = Redis as unknown as new (...args: unknown[]) => Redis;
  if (typeof connection === 'string') return new RedisClient(connection, options);
  return new RedisClient({ ...connection, ...options });
}

/** Where a context or a runner works: its Redis, and the queue's name and key prefix. */
export interface RedisTarget {
  readonly connection: RedisConnection;
  readonly queue: string;
  readonly prefix: string;
}

/**
 * Checks the `connection`, `queue` and `prefix` options, which a context and its runners must
 * give alike, and fills in the defaults of the last two.
 *
 * @throws {TypeError} when one of them is invalid.
 */
export function checkRedisTarget(
  options: { readonly connection?: unknown; readonly queue?: unknown; readonly prefix?: unknown } | undefined,
): RedisTarget {
  const connection = options?.connection;
  if (!isRedisConnection(connection)) {
    throw new TypeError(
      expectedMessage('connection', 'a redis:// URL, ioredis options or an ioredis instance', connection),
    );
  }
  const queue = options?.queue ?? 'reactive-futures';
  const prefix = options?.prefix ?? 'rf';
  if (typeof queue !== 'string' || queue === '' || queue.includes(':')) {
    throw new TypeError(expectedMessage('queue', 'a non-empty string without `:`', queue));
  }
  if (typeof prefix !== 'string' || prefix === '') {
    throw new TypeError(expectedMessage('prefix', 'a non-empty string', prefix));
  }
  return { connection, queue, prefix };
}

/** Whether `value` can be given as a {@link RedisConnection}. */
function isRedisConnection(value: unknown): value is RedisConnection {
  return typeof value === 'string' || (typeof value === 'object' && value !== null);
}

/** Resolves to `promise`'s outcome, or to `undefined` after `ms` (the promise is left to settle). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
