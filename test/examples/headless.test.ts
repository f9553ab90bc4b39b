import { describe, expect, it } from 'vitest';
import { describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

describe('examples/headless.ts', () => {
  it(
    'prints each running estimate, then the final one from the awaited result',
    async () => {
      const run = await runExample('headless.ts', ['400000', '100000']);
      expect(run.code, describeRun(run)).toBe(0);

      // The generator yields after 100k, 200k and 300k samples and returns after 400k.
      expect(run.lines).toHaveLength(4);
      for (const line of run.lines.slice(0, 3)) {
        const match = /^π is approximately (\d\.\d{6})$/.exec(line);
        expect(match, line).not.toBeNull();
        expect(Math.abs(Number(match![1]) - Math.PI)).toBeLessThan(0.1);
      }
      const final = /^Final estimate from 400,000 samples: π ≈ (\d\.\d{6})$/.exec(run.lines[3]!);
      expect(final, run.lines[3]).not.toBeNull();
      expect(Math.abs(Number(final![1]) - Math.PI)).toBeLessThan(0.05);
    },
    TEST_TIMEOUT,
  );
});
