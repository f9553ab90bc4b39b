import { describe, expect, it } from 'vitest';
import { describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

describe('examples/pi-iterations.ts', () => {
  it(
    'streams estimates until it is cancelled after the requested number',
    async () => {
      const run = await runExample('pi-iterations.ts', ['4', '20000']);
      expect(run.code, describeRun(run)).toBe(0);

      const estimates = run.lines.filter((line) => line.startsWith('estimate '));
      expect(estimates).toHaveLength(4);
      estimates.forEach((line, index) => {
        const match = /^estimate (\d+): π ≈ (\d\.\d{6}) ± (\d\.\d{6}) \(([\d,]+) samples\)$/.exec(line);
        expect(match, line).not.toBeNull();
        expect(Number(match![1])).toBe(index + 1);
        expect(Number(match![4]!.replaceAll(',', ''))).toBe(20_000 * (index + 1));
        // 20 000 samples give a standard error near 0.012; 0.2 is far beyond chance.
        expect(Math.abs(Number(match![2]) - Math.PI)).toBeLessThan(0.2);
      });
      // The generator never ends: it was cancelled, and nothing arrived after the cancel.
      expect(run.lines.filter((line) => line.startsWith('state: '))).toEqual([
        'state: executing',
        'state: cancelling',
        'state: cancelled',
      ]);
      expect(run.lines.at(-1)).toBe('Stopped after 4 estimates; final state: cancelled');
    },
    TEST_TIMEOUT,
  );
});
