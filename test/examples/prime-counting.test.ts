import { describe, expect, it } from 'vitest';
import { countPrimesBelow, describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

const PROGRESS = /^(\d+) of (\d+) chunks processed\. (\d+) primes found$/;

describe('examples/prime-counting.ts', () => {
  it(
    'reports progress chunk by chunk and prints the right count',
    async () => {
      const limit = 50_000;
      const run = await runExample('prime-counting.ts', [String(limit), '5000']);
      expect(run.code, describeRun(run)).toBe(0);

      const reports = run.lines.map((line) => PROGRESS.exec(line)).filter((match) => match !== null);
      expect(reports.map((match) => `${match[1]}/${match[2]}`)).toEqual(
        Array.from({ length: 11 }, (_, index) => `${index}/10`),
      );
      const counts = reports.map((match) => Number(match[3]));
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      const expected = countPrimesBelow(limit);
      expect(counts.at(-1)).toBe(expected);
      expect(run.lines.at(-1)).toBe(`There are ${expected} primes smaller than ${limit}`);
    },
    TEST_TIMEOUT,
  );

  it(
    'stops midway when cancelled and says "Run cancelled"',
    async () => {
      const run = await runExample('prime-counting.ts', ['50000', '5000', '--cancel-after=3']);
      expect(run.code, describeRun(run)).toBe(0);

      // No report arrives after the cancel, even if the task had sent more already.
      const reported = run.lines.filter((line) => PROGRESS.test(line)).map((line) => line.split(' ')[0]);
      expect(reported).toEqual(['0', '1', '2', '3']);
      expect(run.lines.slice(-2)).toEqual(['Cancelling…', 'Run cancelled']);
      expect(run.stdout).not.toContain('There are');
    },
    TEST_TIMEOUT,
  );
});
