// Iteration backpressure meets an item that cannot be cloned: the future fails with a
// SerializationError, and the worker is free for the next task (the generator must not wait
// for deliveries of items that were never sent).
import { describe, expect, it } from 'vitest';
import {
  Executor,
  ProcessContext,
  WorkerContext,
  submitCall,
  submitIteration,
  taskModule,
} from 'reactive-futures';
import { settle } from './harness.js';

const tasks = taskModule<typeof import('./fixtures/fault-tasks.js')>(
  new URL('./fixtures/fault-tasks.ts', import.meta.url),
);

describe.each([
  ['WorkerContext', () => new WorkerContext({ maxWorkers: 1, maxUndeliveredItems: 1 })],
  ['ProcessContext', () => new ProcessContext({ maxWorkers: 1, maxUndeliveredItems: 1 })],
] as const)('%s with maxUndeliveredItems: 1', (_, createContext) => {
  it(
    'fails an iteration whose item cannot be cloned, and runs the next task on the same worker',
    { timeout: 60_000 },
    async () => {
      const context = createContext();
      const executor = new Executor({ context });
      try {
        const future = submitIteration(executor, tasks.yieldUncloneable);
        const items: unknown[] = [];
        future.observe('resultEvent', (event) => items.push(event.new));
        await settle(future);
        expect(future.state).toBe('failed');
        expect(future.exception.type).toBe('SerializationError');
        expect(items).toEqual([1]);

        const following = await settle(submitCall(executor, tasks.succeed, 21));
        expect(following.state).toBe('completed');
        expect(following.result).toBe(42);
        expect(context.workerCount).toBe(1);
      } finally {
        await executor.shutdown({ timeout: 10_000 });
        await context.close();
      }
    },
  );
});
