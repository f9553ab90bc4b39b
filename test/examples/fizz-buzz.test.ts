import { Executor } from 'reactive-futures';
import { waitFor } from 'reactive-futures/testing';
import { describe, expect, it } from 'vitest';
import {
  FIZZ_BUZZ_MESSAGES,
  submitFizzBuzz,
  type FizzBuzzMessage,
} from '../../examples/tasks/fizz-buzz-task.js';
import { describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

/** The first `count` Fizz-Buzz messages, worked out here rather than by the example. */
function expectedMessages(count: number): [FizzBuzzMessage, number][] {
  const messages: [FizzBuzzMessage, number][] = [];
  for (let n = 1; messages.length < count; n++) {
    if (n % 3 === 0 && n % 5 === 0) messages.push(['fizzBuzz', n]);
    else if (n % 3 === 0) messages.push(['fizz', n]);
    else if (n % 5 === 0) messages.push(['buzz', n]);
  }
  return messages;
}

const TEXT: Record<FizzBuzzMessage, string> = { fizz: 'Fizz', buzz: 'Buzz', fizzBuzz: 'FIZZ BUZZ!' };

describe('examples/fizz-buzz.ts', () => {
  it(
    'prints the Fizz-Buzz sequence, then stops when cancelled',
    async () => {
      const run = await runExample('fizz-buzz.ts', ['12', '1']);
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.lines).toEqual([
        'Running',
        ...expectedMessages(12).map(([type, n]) => `${TEXT[type]} ${n}`),
        'Cancelling',
        'Ready (final state: cancelled)',
      ]);
    },
    TEST_TIMEOUT,
  );
});

describe('examples/tasks/fizz-buzz-task.ts', () => {
  it(
    'is a custom task kind: typed events in order, state kept in the snapshot, cancel ends it',
    async () => {
      const executor = new Executor({ maxWorkers: 1 });
      try {
        const future = submitFizzBuzz(executor, 1);
        expect(future.getSnapshot()).toMatchObject({ state: 'waiting', messageCount: 0, latest: undefined });
        const received: [FizzBuzzMessage, number][] = [];
        for (const type of FIZZ_BUZZ_MESSAGES) {
          future.observe(type, (event) => {
            received.push([type, event.new]);
            if (received.length === 9) future.cancel();
          });
        }
        let notifications = 0;
        future.subscribe(() => notifications++);

        await waitFor(future, 'done', (f) => f.done, { timeout: 15_000 });
        expect(future.state).toBe('cancelled');
        expect(received).toEqual(expectedMessages(9));
        expect(future.messageCount).toBe(9);
        expect(future.getSnapshot()).toMatchObject({
          state: 'cancelled',
          messageCount: 9,
          latest: expectedMessages(9).at(-1),
        });
        // The overridden dispatch marks the snapshot changed, so store subscribers hear of messages.
        expect(notifications).toBeGreaterThan(2);
      } finally {
        await executor.shutdown({ timeout: 10_000 });
      }
    },
    TEST_TIMEOUT,
  );
});
