/**
 * Opening the context's and the runner's own Redis connections from what the user gave.
 */
import { Redis, type RedisOptions } from 'ioredis';

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

/** Whether `value` can be given as a {@link RedisConnection}. */
export function isRedisConnection(value: unknown): value is RedisConnection {
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
