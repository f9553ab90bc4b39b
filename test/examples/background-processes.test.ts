import { describe, expect, it } from 'vitest';
import { describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

const OUTCOME = /^square\((\d+)\): (Completed: result=(\d+)|Failed: Calculation took too long\.)$/;

describe('examples/background-processes.ts', () => {
  it(
    'runs every square in a child process to one outcome, then exits by itself',
    async () => {
      const run = await runExample('background-processes.ts', ['4', '0.02']);
      expect(run.code, describeRun(run)).toBe(0);
      const outcomes = run.lines.map((line) => OUTCOME.exec(line)).filter((match) => match !== null);
      expect(outcomes.map((match) => Number(match[1])).sort((a, b) => a - b)).toEqual(
        [0, 37, 74, 10].sort((a, b) => a - b),
      );
      for (const match of outcomes) {
        if (match[3] !== undefined) expect(Number(match[3])).toBe(Number(match[1]) ** 2);
      }
    },
    TEST_TIMEOUT,
  );
});
