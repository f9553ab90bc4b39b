import { describe, expect, it } from 'vitest';
import { describeRun, runExample, TEST_TIMEOUT } from './run-example.js';

const FINAL =
  /^#(\d+) square\((\d+)\): (Completed: result=(\d+)|Failed: Calculation took too long\.|Cancelled)$/;
const CHANGE = /^#(\d+) square\((\d+)\): (executing|cancelling)$/;

describe('examples/slow-squares.ts', () => {
  it(
    'follows every future to exactly one outcome, cancels the rest, and exits by itself',
    async () => {
      const count = 8;
      const run = await runExample('slow-squares.ts', [String(count), '0.05']);
      expect(run.code, describeRun(run)).toBe(0);

      const outcomes = new Map<number, string>();
      const changes = new Map<number, string[]>();
      for (const line of run.lines) {
        const final = FINAL.exec(line);
        const change = CHANGE.exec(line);
        if (final !== null) {
          const id = Number(final[1]);
          expect(outcomes.has(id), `second outcome for #${id}: ${line}`).toBe(false);
          outcomes.set(id, final[3]!);
          // A completed call returned the square of its own input.
          if (final[4] !== undefined) expect(Number(final[4])).toBe(Number(final[2]) ** 2);
        } else if (change !== null) {
          const id = Number(change[1]);
          expect(outcomes.has(id), `state change after the outcome of #${id}`).toBe(false);
          changes.set(id, [...(changes.get(id) ?? []), change[3]!]);
        }
      }
      expect([...outcomes.keys()].sort((a, b) => a - b)).toEqual([...Array(count).keys()]);

      // A future printed "Cancelled" exactly when it went through "cancelling", and the others
      // ran: completed and failed futures were executing first.
      for (const [id, outcome] of outcomes) {
        const seen = changes.get(id) ?? [];
        if (outcome === 'Cancelled') expect(seen.at(-1)).toBe('cancelling');
        else expect(seen).toEqual(['executing']);
      }

      const cancelAll = run.lines.find((line) => line.startsWith('Cancel all: '));
      const cancelledCount = [...outcomes.values()].filter((outcome) => outcome === 'Cancelled').length;
      expect(cancelAll).toBe(`Cancel all: ${cancelledCount} of ${count} futures were still cancellable`);
      expect(run.lines.at(-1)).toMatch(/^Summary: /);
    },
    TEST_TIMEOUT,
  );
});
