/**
 * Per-task options given straight to the submit helpers: `submitCall({ executor, timeout, signal }, fn, ...args)`.
 */
import { describe, expect, it } from 'vitest';
import {
  Executor,
  InlineContext,
  WorkerContext,
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
} from 'reactive-futures';
import { useExecutors } from '../../fixtures/executors.js';

const tasks = taskModule<typeof import('../../fixtures/tasks.js')>(
  new URL('../../fixtures/tasks.ts', import.meta.url),
);

const executorOn = useExecutors();

describe('submit helpers with { executor, timeout, signal }', () => {
  it('runs as with a bare executor when no option is set', async () => {
    const executor = executorOn(new InlineContext());
    const future = submitCall({ executor }, (a: number, b: number) => a + b, 2, 3);
    expect((await future.settled()).result).toBe(5);
    await executor.shutdown();
  });

  it('applies `timeout` to a call in worker threads: TaskTimeoutError', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 1 }));
    const future = submitCall({ executor, timeout: 50 }, tasks.spinUntilCancelled);
    await future.settled();
    expect(future.state).toBe('failed');
    expect(future.exception.type).toBe('TaskTimeoutError');
    await executor.shutdown({ timeout: 10_000 });
  });

  it('cancels an iteration in worker threads when its signal is aborted', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 1 }));
    const controller = new AbortController();
    const future = submitIteration({ executor, signal: controller.signal }, tasks.count, 1e9);
    future.observe('resultEvent', (event) => {
      if (event.new === 3) controller.abort();
    });
    await future.settled();
    expect(future.state).toBe('cancelled');
    expect(future.getSnapshot()).toMatchObject({ state: 'cancelled' });
    await executor.shutdown({ timeout: 10_000 });
  });

  it('cancels a progress call at once when the signal is aborted while it waits', async () => {
    const executor = executorOn(new InlineContext());
    const controller = new AbortController();
    const future = submitProgress({ executor, signal: controller.signal }, tasks.report, 3);
    controller.abort();
    expect(future.state).toBe('cancelling');
    await future.settled();
    expect(future.state).toBe('cancelled');
    await executor.shutdown();
  });

  it('with an already-aborted signal returns a cancelling future whose task never runs', async () => {
    const executor = executorOn(new InlineContext());
    let ran = false;
    const future = submitCall({ executor, signal: AbortSignal.abort() }, () => {
      ran = true;
    });
    expect(future.state).toBe('cancelling');
    await future.settled();
    expect(future.state).toBe('cancelled');
    expect(ran).toBe(false);
    await executor.shutdown();
  });

  it('with an already-aborted signal in worker threads ends cancelled', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 1 }));
    const future = submitCall({ executor, signal: AbortSignal.abort() }, tasks.spinUntilCancelled);
    await future.settled();
    expect(future.state).toBe('cancelled');
    await executor.shutdown({ timeout: 10_000 });
  });

  it('rejects bad options with a TypeError naming the fix', () => {
    const executor = executorOn(new InlineContext());
    expect(() => submitCall({ executor, timeout: -5 }, () => 1)).toThrow(/Expected `timeout`/);
    expect(() => submitCall({ executor, signal: 'stop' as unknown as AbortSignal }, () => 1)).toThrow(
      'Expected `signal` to be an AbortSignal, got `"stop"` (string)',
    );
    expect(() => submitCall({} as unknown as Executor, () => 1)).toThrow(
      /Expected `executor` to be an Executor or options \{ executor, timeout\?, signal\? \}/,
    );
    expect(() => submitCall(null as unknown as Executor, () => 1)).toThrow(TypeError);
  });
});
