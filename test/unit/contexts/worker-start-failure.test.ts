/**
 * A worker that dies before it ever starts a task (too little memory, a preload that throws):
 * the pool tries a bounded number of times, then fails the waiting tasks with a
 * WorkerStartError saying why, instead of respawning for ever.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCall, Executor, ProcessContext, WorkerContext } from 'reactive-futures';
import type { ParallelContext } from 'reactive-futures';
import { within } from '../../fixtures/within.js';

const PRELOAD = fileURLToPath(new URL('../../fixtures/throwing-preload.mjs', import.meta.url));

const contexts: ParallelContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

// 4 MiB: too little for a worker's runtime to start, in every Node version. Below 3 MiB, Node 24
// aborts the whole process while it creates the worker's heap ("Fatal JavaScript out of memory:
// GC during deserialization"), before any code of ours runs: docs/faults.md says so.
describe.each<[string, () => ParallelContext]>([
  [
    'WorkerContext, maxOldGenerationSizeMb: 4',
    () => new WorkerContext({ maxWorkers: 2, resourceLimits: { maxOldGenerationSizeMb: 4 } }),
  ],
  [
    'WorkerContext, a throwing --import preload',
    () => new WorkerContext({ maxWorkers: 2, execArgv: ['--import', PRELOAD] }),
  ],
  [
    'ProcessContext, a throwing --import preload',
    () => new ProcessContext({ maxWorkers: 2, execArgv: ['--import', PRELOAD] }),
  ],
  [
    'ProcessContext, maxOldGenerationSizeMb: 4',
    () => new ProcessContext({ maxWorkers: 2, resourceLimits: { maxOldGenerationSizeMb: 4 } }),
  ],
])('%s', (_name, make) => {
  it('fails the waiting tasks with WorkerStartError after a few tries', { timeout: 60_000 }, async () => {
    const context = make();
    contexts.push(context);
    const executor = new Executor({ context });
    const futures = [1, 2, 3].map((n) =>
      executor.submit(new BackgroundCall({ callable: (x: number) => x, args: [n] })),
    );
    await within(Promise.all(futures.map((future) => future.settled())), 'the futures', 40_000);
    for (const future of futures) {
      expect(future.state).toBe('failed');
      if (future.state !== 'failed') continue;
      expect(future.exception.type).toBe('WorkerStartError');
      expect(future.exception.message).toMatch(/could not start/);
    }
    expect(context.closed).toBe(false);
    await within(executor.shutdown(), 'shutdown', 40_000);
  });
});
