/**
 * A cooperative cancel sent as soon as the future is `executing` reaches a task that listens
 * to its signal (issue: in Chromium such a future stayed `cancelling` for ever). `executing`
 * means the task function was called: a cancel can no longer abort the signal before the task
 * had a chance to listen. Repeated, in every Node context, with a task module that loads
 * slowly (which widens the old window) and with one already loaded.
 */
import { describe, expect, it } from 'vitest';
import { InlineContext, ProcessContext, WorkerContext, submitCall, taskModule } from 'reactive-futures';
import type { BaseFuture, ParallelContext } from 'reactive-futures';
import { useExecutors } from '../../fixtures/executors.js';
import { within } from '../../fixtures/within.js';

const slow = taskModule<typeof import('../../fixtures/slow-module-tasks.js')>(
  new URL('../../fixtures/slow-module-tasks.ts', import.meta.url),
);

const executorOn = useExecutors();

function whenExecuting(future: BaseFuture): Promise<void> {
  return new Promise((resolve) =>
    future.observe('state', (event) => {
      if (event.new === 'executing') resolve();
    }),
  );
}

describe.each<[string, () => ParallelContext, number]>([
  ['WorkerContext', () => new WorkerContext({ maxWorkers: 1 }), 3],
  ['ProcessContext', () => new ProcessContext({ maxWorkers: 1 }), 2],
  ['InlineContext', () => new InlineContext(), 1],
])('%s: cancel right after the task is seen to start', (_name, make, rounds) => {
  it(
    'ends cancelled, in a fresh worker (the module still loading) and after',
    { timeout: 60_000 },
    async () => {
      for (let round = 0; round < rounds; round++) {
        const executor = executorOn(make());
        for (let attempt = 0; attempt < 5; attempt++) {
          const future = submitCall(executor, slow.waitForCancel);
          await whenExecuting(future);
          future.cancel();
          await within(future.settled(), `round ${round}, attempt ${attempt}: the cancelled future`, 10_000);
          expect(future.state).toBe('cancelled');
        }
        await executor.shutdown();
      }
    },
  );
});
