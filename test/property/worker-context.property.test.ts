// Property tests of the executor and futures over worker threads (fewer runs: real threads).
// Interleavings come from the script and from real concurrency; the invariants are the same as
// inline, plus: no worker thread is left once the executor has shut down and the context closed.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Executor,
  WorkerContext,
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
} from 'reactive-futures';
import { emptyCoverage, playScript, scriptArbitrary, type Driver } from './model.js';

const tasks = taskModule<typeof import('./fixtures/property-tasks.js')>(
  new URL('./fixtures/property-tasks.ts', import.meta.url),
);

const DRIVE_TIMEOUT = 30_000;
const ADVANCE_LIMIT = 250;

const driver: Driver = {
  // Waits in real time until the futures changed `steps` more times (the workers run
  // meanwhile), or at most ADVANCE_LIMIT ms: this spreads the script's actions over the
  // tasks' lives. Not a coordination: any outcome of the wait is a valid interleaving.
  advance: async (steps, changes) => {
    const target = changes() + steps;
    const deadline = performance.now() + ADVANCE_LIMIT;
    while (changes() < target && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  },
  drive: async (promise) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`The script did not settle within ${DRIVE_TIMEOUT} ms`)),
        DRIVE_TIMEOUT,
      );
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  },
};

/** The names of this process's OS threads (Node 22 and later name them; Node 20 calls each `node`). */
function threadNames(): string[] {
  return readdirSync('/proc/self/task').map((id) => {
    try {
      return readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim();
    } catch {
      return 'exited';
    }
  });
}

/** The threads in `now` that were not in `before`, by name. */
function newThreads(before: readonly string[], now: readonly string[]): string[] {
  const left = [...before];
  return now.filter((name) => {
    const index = left.indexOf(name);
    if (index === -1) return true;
    left.splice(index, 1);
    return false;
  });
}

// libuv's thread pool (four `libuv-worker` threads, for file system and crypto work) starts at
// its first use and lives as long as the process. Node 20 starts it while booting; Node 24 only
// when something first needs it, which may be during a script: start it before any count, so
// that a new thread can only be one of ours.
beforeAll(async () => {
  await readFile(fileURLToPath(import.meta.url));
});

describe('executor properties, worker context', () => {
  it(
    'keeps every invariant over random scripts, and leaves no worker thread',
    { timeout: 300_000 },
    async () => {
      const coverage = emptyCoverage();
      const outcomes = ['completed', 'failed', 'cancelled', 'forced'] as const;
      // Timing decides some outcomes (a forced cancel can lose the race with the task's end), so
      // rounds of random scripts go on until every outcome was reached, up to a bound.
      for (let round = 0; round < 5 && outcomes.some((outcome) => coverage[outcome] === 0); round++) {
        await fc.assert(
          fc.asyncProperty(scriptArbitrary(12), async (script) => {
            const threadsBefore = threadNames();
            const context = new WorkerContext({ maxWorkers: 2 });
            // Start both workers first, so that the script's tasks can finish within its waits.
            const warmUp = new Executor({ context });
            const warm = [0, 1].map(() => submitCall(warmUp, tasks.call, 0, 'return'));
            await driver.drive(Promise.all(warm.map((future) => future.settled())));
            await driver.drive(warmUp.shutdown());
            const executor = new Executor({ context });
            await playScript(
              script,
              executor,
              (kind, count, ending) =>
                kind === 'call'
                  ? submitCall(executor, tasks.call, count, ending)
                  : kind === 'iteration'
                    ? submitIteration(executor, tasks.iteration, count, ending)
                    : submitProgress(executor, tasks.progress, count, ending),
              driver,
              coverage,
            );
            await context.close();
            expect(context.workerCount).toBe(0);
            // A terminated worker's OS thread is reaped shortly after its exit event: poll for it.
            // Named where Node names them: a `WorkerThread` left would be ours.
            await expect
              .poll(() => newThreads(threadsBefore, threadNames()), { timeout: 5000, interval: 20 })
              .toEqual([]);
          }),
          { numRuns: 8 },
        );
      }
      // The scripts reached every outcome (else the generator would prove little).
      for (const outcome of outcomes) {
        expect(coverage[outcome], outcome).toBeGreaterThan(0);
      }
    },
  );
});
