import { describe, expect, it } from 'vitest';
import { describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

const states = (lines: readonly string[]): string[] => lines.filter((line) => line.startsWith('state: '));

describe('examples/non-interruptible.ts', () => {
  it(
    'stays cancelling until the call ends, then is cancelled with its result discarded',
    async () => {
      const run = await runExample('non-interruptible.ts', ['300000']);
      expect(run.code, describeRun(run)).toBe(0);
      expect(states(run.lines)).toEqual(['state: executing', 'state: cancelling', 'state: cancelled']);
      expect(run.lines).toContain('Cancelling');
      expect(run.lines.at(-1)).toMatch(
        /^Cancelled \(after \d+ ms in "cancelling": the call ran to its end\)$/,
      );
      expect(run.stdout).not.toContain('Complete');
    },
    TEST_TIMEOUT,
  );

  it(
    'completes when nobody cancels it',
    async () => {
      const run = await runExample('non-interruptible.ts', ['300000', '--no-cancel']);
      expect(run.code, describeRun(run)).toBe(0);
      expect(states(run.lines)).toEqual(['state: executing', 'state: completed']);
      expect(run.lines.at(-1)).toMatch(/^Complete: π ≈ 3\.1\d{5}$/);
    },
    TEST_TIMEOUT,
  );
});

describe('examples/interruptible.ts', () => {
  it(
    'stops at the next yield: a computation of 10^13 samples ends as soon as it is cancelled',
    async () => {
      // Uninterrupted, this would run for hours and the process would never exit by itself.
      const run = await runExample('interruptible.ts', ['1e13', '20000', '--cancel-after=3']);
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.lines.filter((line) => line.startsWith('Running: π ≈ '))).toHaveLength(3);
      expect(states(run.lines)).toEqual(['state: executing', 'state: cancelling', 'state: cancelled']);
      expect(run.lines.at(-1)).toMatch(/^Cancelled \(after \d+ ms in "cancelling": the generator stopped/);
    },
    TEST_TIMEOUT,
  );

  it(
    'returns its final estimate as the result when nobody cancels it',
    async () => {
      const run = await runExample('interruptible.ts', ['100000', '20000', '--no-cancel']);
      expect(run.code, describeRun(run)).toBe(0);
      expect(run.lines.filter((line) => line.startsWith('Running: '))).toHaveLength(4);
      expect(states(run.lines)).toEqual(['state: executing', 'state: completed']);
      expect(run.lines.at(-1)).toMatch(/^Complete: π ≈ \d\.\d{6}$/);
    },
    TEST_TIMEOUT,
  );
});
