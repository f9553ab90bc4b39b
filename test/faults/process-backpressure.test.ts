// Iteration backpressure across processes: the child's delivered counters are fed by the parent
// over IPC (processes share no memory). Without those notices, a generator that ran
// `maxUndeliveredItems` ahead would wait forever; with them, every item arrives, in order.
import { describe, expect, it } from 'vitest';
import { Executor, ProcessContext, submitIteration, taskModule } from 'reactive-futures';
import { settle } from './harness.js';

const tasks = taskModule<typeof import('./fixtures/fault-tasks.js')>(
  new URL('./fixtures/fault-tasks.ts', import.meta.url),
);

describe('ProcessContext backpressure', () => {
  it('streams far more items than the window, all delivered in order', { timeout: 60_000 }, async () => {
    const context = new ProcessContext({ maxWorkers: 1, maxUndeliveredItems: 500 });
    const executor = new Executor({ context });
    const future = submitIteration(executor, tasks.countTo, 50_000);
    let expected = 0;
    let outOfOrder = 0;
    future.observe('resultEvent', (event) => {
      if (event.new !== expected) outOfOrder++;
      expected++;
    });
    await settle(future);
    expect(future.state).toBe('completed');
    expect(future.result).toBe(50_000);
    expect(expected).toBe(50_000);
    expect(outOfOrder).toBe(0);
    await executor.shutdown({ timeout: 10_000 });
    await context.close();
    expect(context.processIds).toEqual([]);
  });

  it('rejects an invalid window', () => {
    expect(() => new ProcessContext({ maxUndeliveredItems: 0 })).toThrow(/maxUndeliveredItems/);
  });
});
