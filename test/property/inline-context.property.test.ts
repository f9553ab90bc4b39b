// Property tests of the executor and futures over the inline context, made deterministic by a
// ManualScheduler: random scripts of submit / cancel / force-cancel / stop / shutdown, with
// tasks that return, throw, stream items or spin until cancelled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Executor,
  InlineContext,
  submitCall,
  submitIteration,
  submitProgress,
  type BaseFuture,
} from 'reactive-futures';
import { ManualScheduler } from 'reactive-futures/testing';
import { currentTask, type ProgressCallback } from 'reactive-futures/worker';
import {
  emptyCoverage,
  playScript,
  scriptArbitrary,
  type Driver,
  type Ending,
  type TaskKind,
} from './model.js';

/** Lets real microtasks and timers (shutdown timeouts) run. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function inlineSetup(): {
  executor: Executor;
  submit: (kind: TaskKind, count: number, ending: Ending) => BaseFuture;
  driver: Driver;
} {
  const scheduler = new ManualScheduler();
  const executor = new Executor({ context: new InlineContext({ schedule: scheduler.schedule }) });
  // Spinning tasks wait one scheduler step per round, so that they never starve the test.
  const tick = (): Promise<void> => new Promise((resolve) => scheduler.schedule(resolve));

  const call = async (count: number, ending: Ending): Promise<string> => {
    const task = currentTask();
    if (ending === 'throw') throw new RangeError(`planned failure after ${count}`);
    while (ending === 'spin' && !task.cancelled()) await tick();
    return `returned ${count}`;
  };
  async function* iteration(count: number, ending: Ending): AsyncGenerator<number, string> {
    for (let item = 0; item < count; item++) yield item;
    if (ending === 'throw') throw new RangeError(`planned failure after ${count}`);
    for (let item = count; ending === 'spin'; item++) {
      await tick();
      yield item;
    }
    return `returned ${count}`;
  }
  const progress = async (
    count: number,
    ending: Ending,
    report: ProgressCallback<number>,
  ): Promise<string> => {
    for (let step = 0; step < count; step++) report(step);
    if (ending === 'throw') throw new RangeError(`planned failure after ${count}`);
    for (let step = count; ending === 'spin'; step++) {
      await tick();
      report(step);
    }
    return `returned ${count}`;
  };

  return {
    executor,
    submit: (kind, count, ending) =>
      kind === 'call'
        ? submitCall(executor, call, count, ending)
        : kind === 'iteration'
          ? submitIteration(executor, iteration, count, ending)
          : submitProgress(executor, progress, count, ending),
    driver: {
      advance: async (steps) => {
        // Real time passes first, so that shutdown timeouts can run out while tasks still run.
        await new Promise((resolve) => setTimeout(resolve, 2));
        for (let step = 0; step < steps; step++) {
          scheduler.runNext();
          await macrotask();
        }
      },
      drive: async (promise) => {
        const progress = { settled: false };
        const result = promise.finally(() => (progress.settled = true));
        for (let round = 0; !progress.settled; round++) {
          if (round > 10_000) throw new Error('The script did not settle within 10,000 scheduler rounds');
          scheduler.runAll(100);
          await macrotask();
        }
        return result;
      },
    },
  };
}

describe('executor properties, inline context (ManualScheduler)', () => {
  it('keeps every invariant over random scripts', { timeout: 60_000 }, async () => {
    const coverage = emptyCoverage();
    await fc.assert(
      fc.asyncProperty(scriptArbitrary(30), async (script) => {
        const { executor, submit, driver } = inlineSetup();
        await playScript(script, executor, submit, driver, coverage);
      }),
      { numRuns: 200 },
    );
    // The scripts reached every outcome (else the generator would prove little).
    for (const outcome of ['completed', 'failed', 'cancelled', 'forced'] as const) {
      expect(coverage[outcome], outcome).toBeGreaterThan(0);
    }
    // Shutdown timeouts need a task still running when the timer fires: likely inline.
    expect(coverage.shutdownTimedOut).toBeGreaterThan(0);
  });
});
