/**
 * The inline context never crashes the host when a task throws a value whose property reads
 * throw (a `message` getter that throws, a revoked Proxy): the future fails, and no rejection
 * goes unhandled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Executor } from '../../../../src/core/executor.js';
import { InlineContext } from '../../../../src/contexts/inline/inline-context.js';
import { submitCall } from '../../../../src/tasks/call/submit-call.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

function hostileValues(): [string, () => unknown][] {
  return [
    [
      'an error whose message getter throws',
      () => {
        const error = new Error('x');
        Object.defineProperty(error, 'message', {
          get() {
            throw new Error('message getter');
          },
        });
        return error;
      },
    ],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
    [
      'a Proxy whose every trap throws',
      () =>
        new Proxy(
          {},
          {
            get() {
              throw new Error('get trap');
            },
            getPrototypeOf() {
              throw new Error('getPrototypeOf trap');
            },
            ownKeys() {
              throw new Error('ownKeys trap');
            },
            has() {
              throw new Error('has trap');
            },
            getOwnPropertyDescriptor() {
              throw new Error('descriptor trap');
            },
          },
        ),
    ],
  ];
}

describe('InlineContext: a task throws a value that cannot be read', () => {
  it.each(hostileValues())('%s: the future fails, nothing is left unhandled', async (_name, make) => {
    const context = new InlineContext();
    const executor = new Executor({ context });
    const future = submitCall(executor, () => {
      throw make();
    });
    await future.settled();
    expect(future.state).toBe('failed');
    if (future.state === 'failed') expect(typeof future.exception.message).toBe('string');
    // Give any stray rejection the turns it needs to be reported.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    await executor.shutdown({ timeout: 5_000 });
  });
});
