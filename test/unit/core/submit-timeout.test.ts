import { describe, expect, it } from 'vitest';
import {
  BackgroundCall,
  BackgroundIteration,
  InlineContext,
  WorkerContext,
  taskModule,
} from 'reactive-futures';
import { currentTask } from 'reactive-futures/worker';
import { useExecutors } from '../../fixtures/executors.js';

const tasks = taskModule<typeof import('../../fixtures/tasks.js')>(
  new URL('../../fixtures/tasks.ts', import.meta.url),
);

const executorOn = useExecutors();

describe('executor.submit(spec, { timeout })', () => {
  it('rejects a time limit that is not a number of at least 0', () => {
    const executor = executorOn(new InlineContext());
    const spec = new BackgroundCall({ callable: () => 1 });
    expect(() => executor.submit(spec, { timeout: -1 })).toThrow(
      'Expected `timeout` to be a number of milliseconds of at least 0 (or Infinity), got `-1` (number)',
    );
    expect(() => executor.submit(spec, { timeout: Number.NaN })).toThrow(TypeError);
  });

  it('fails an inline task that runs out of time with TaskTimeoutError, and aborts its signal', async () => {
    const executor = executorOn(new InlineContext());
    let signal: AbortSignal | undefined;
    const future = executor.submit(
      new BackgroundCall({
        callable: () => {
          signal = currentTask().signal;
          return new Promise<never>(() => undefined); // never settles
        },
      }),
      { timeout: 20 },
    );
    await future.settled();
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('TaskTimeoutError');
    expect(future.exception.message).toContain('time limit of 20 ms');
    expect(signal?.aborted).toBe(true);
    await executor.shutdown({ timeout: 1000 });
  });

  it('leaves a task that finishes in time alone, and Infinity means no limit', async () => {
    const executor = executorOn(new InlineContext());
    const quick = executor.submit(new BackgroundCall({ callable: (n: number) => n + 1, args: [1] }), {
      timeout: 10_000,
    });
    const unlimited = executor.submit(new BackgroundCall({ callable: () => 'ok' }), { timeout: Infinity });
    await Promise.all([quick.settled(), unlimited.settled()]);
    expect(quick.result).toBe(2);
    expect(unlimited.result).toBe('ok');
    await executor.shutdown({ timeout: 1000 });
  });

  it('fails a worker task that runs out of time; the next task runs', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 1 }));
    const spinning = executor.submit(new BackgroundCall({ callable: tasks.spinUntilCancelled }), {
      timeout: 30,
    });
    const streaming = executor.submit(new BackgroundIteration({ callable: tasks.count, args: [3] }));
    await Promise.all([spinning.settled(), streaming.settled()]);
    expect(spinning.state).toBe('failed');
    expect(spinning.exception.type).toBe('TaskTimeoutError');
    expect(streaming.state).toBe('completed');
    expect(streaming.result).toBe('done');
    await executor.shutdown({ timeout: 5000 });
  });
});
