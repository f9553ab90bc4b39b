import { describe, expect, it } from 'vitest';
import { countPrimesBelow, describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

const TASKS = [
  'primes (small)',
  'primes (large)',
  'π (endless)',
  'fizz-buzz',
  'square(3)',
  'square(12)',
  'square(25)',
  'square(40)',
  'square(60)',
];

describe('examples/demo.ts', () => {
  it(
    'runs every task to a final state, visibly cancels one midway, and prints a summary',
    async () => {
      // Piped stdout is not a terminal, so the demo logs plain lines.
      const run = await runExample('demo.ts', ['--scale=0.1']);
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.stdout).not.toContain('\u001b[');

      // The large count is cancelled at 40%: it says so, then goes cancelling → cancelled.
      const largeStates = run.lines
        .map((line) => /^primes \(large\) \[[#-]+\] +\d+% (\w+)/.exec(line)?.[1])
        .filter((state) => state !== undefined);
      expect(largeStates.filter((state, index) => state !== largeStates[index - 1])).toEqual([
        'waiting',
        'executing',
        'cancelling',
        'cancelled',
      ]);
      const cancelAt = run.lines.findIndex((line) =>
        /^primes \(large\): cancel\(\) at 20\/50 chunks$/.test(line),
      );
      const cancelling = run.lines.findIndex((line) => /^primes \(large\) \[.*\] +40% cancelling/.test(line));
      const cancelled = run.lines.indexOf('primes (large): cancelled');
      expect(cancelAt).toBeGreaterThan(-1);
      expect(cancelling).toBeGreaterThan(cancelAt);
      expect(cancelled).toBeGreaterThan(cancelling);

      // The summary lists every task with its final state.
      const summaryAt = run.lines.findIndex((line) => /^Summary \(9 tasks in [\d.]+ s\):$/.test(line));
      expect(summaryAt, describeRun(run)).toBeGreaterThan(cancelled);
      const summary = new Map(
        run.lines.slice(summaryAt + 1).map((line) => {
          const match = /^ {2}(.+?) +(completed|failed|cancelled) *(.*)$/.exec(line);
          expect(match, line).not.toBeNull();
          return [match![1]!, { state: match![2]!, detail: match![3]! }];
        }),
      );
      expect([...summary.keys()]).toEqual(TASKS);
      expect(summary.get('primes (small)')).toEqual({
        state: 'completed',
        detail: `${countPrimesBelow(200_000)} primes < 200000`,
      });
      expect(summary.get('primes (large)')).toEqual({
        state: 'cancelled',
        detail: 'cancelled after 20 of 50 chunks',
      });
      expect(summary.get('π (endless)')?.state).toBe('cancelled');
      expect(summary.get('fizz-buzz')).toEqual({ state: 'cancelled', detail: '20 messages, latest fizz 42' });
      for (const n of [3, 12, 25, 40, 60]) {
        const square = summary.get(`square(${n})`);
        expect([`completed = ${n * n}`, 'failed Calculation took too long.']).toContain(
          `${square?.state} ${square?.detail}`,
        );
      }
    },
    TEST_TIMEOUT,
  );
});
