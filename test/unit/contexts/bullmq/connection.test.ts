import { describe, expect, it } from 'vitest';
import { BullMQContext, startRunner } from '../../../../src/bullmq.js';
import { checkRedisTarget } from '../../../../src/contexts/bullmq/connection.js';

const bad = [
  [
    {},
    /Expected `connection` to be a redis:\/\/ URL, ioredis options or an ioredis instance, got `undefined`/,
  ],
  [{ connection: 6379 }, /Expected `connection` .*, got `6379` \(number\)/],
  [
    { connection: 'redis://x', queue: 'a:b' },
    /Expected `queue` to be a non-empty string without `:`, got `"a:b"`/,
  ],
  [{ connection: 'redis://x', queue: '' }, /Expected `queue` to be a non-empty string without `:`, got `""`/],
  [{ connection: 'redis://x', prefix: 7 }, /Expected `prefix` to be a non-empty string, got `7` \(number\)/],
] as const;

describe('checkRedisTarget', () => {
  it('fills in the default queue and prefix', () => {
    expect(checkRedisTarget({ connection: 'redis://x' })).toEqual({
      connection: 'redis://x',
      queue: 'reactive-futures',
      prefix: 'rf',
    });
  });

  it.each(bad)('rejects %j with a TypeError naming the option and the value', (options, message) => {
    expect(() => checkRedisTarget(options)).toThrow(TypeError);
    expect(() => checkRedisTarget(options)).toThrow(message);
  });

  it('is what BullMQContext and startRunner check, before any connection is opened', async () => {
    for (const [options, message] of bad) {
      // @ts-expect-error -- invalid options on purpose
      expect(() => new BullMQContext(options)).toThrow(message);
      // @ts-expect-error -- invalid options on purpose
      await expect(startRunner(options)).rejects.toThrow(message);
    }
  });
});
