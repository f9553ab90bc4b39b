/**
 * One rule for time limits in every context and in `shutdown({ timeout })`: `Infinity` is no
 * limit, and a finite limit above 2^31-1 ms (which host timers clamp to fire at once) runs out
 * when it says, not at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCall, Executor, InlineContext, ProcessContext, WorkerContext } from 'reactive-futures';
import type { ParallelContext } from 'reactive-futures';

const contexts: ParallelContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

const HUGE = 2 ** 31 + 1000;

/** A few event-loop turns, longer than a clamped (1 ms) timer. */
function turns(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}

describe('time limits above 2^31-1 ms', () => {
  it('do not fire at once in the inline context', async () => {
    const context = new InlineContext();
    contexts.push(context);
    const executor = new Executor({ context });
    let release: (value: number) => void = () => undefined;
    const released = new Promise<number>((resolve) => (release = resolve));
    const future = executor.submit(new BackgroundCall({ callable: () => released }), { timeout: HUGE });
    await turns();
    expect(future.state).toBe('executing');
    release(7);
    await future.settled();
    expect(future.state).toBe('completed');
    await executor.shutdown();
  });

  it('do not fire at once in executor.shutdown({ timeout })', async () => {
    const context = new InlineContext();
    contexts.push(context);
    const executor = new Executor({ context });
    let release: (value: number) => void = () => undefined;
    const released = new Promise<number>((resolve) => (release = resolve));
    const future = executor.submit(new BackgroundCall({ callable: () => released }));
    await new Promise<void>((resolve) => future.observe('state', () => resolve()));
    executor.stop(); // the running task ignores the cancel until released
    let outcome = 'pending';
    const shutdown = executor.shutdown({ timeout: HUGE }).then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = String(error)),
    );
    await turns();
    expect(outcome).toBe('pending');
    release(1);
    await shutdown;
    expect(outcome).toBe('resolved');
  });

  it('accepts Infinity in shutdown({ timeout })', async () => {
    const executor = new Executor({ context: new InlineContext() });
    await expect(executor.shutdown({ timeout: Infinity })).resolves.toBeUndefined();
  });
});

describe('taskTimeout: Infinity means no limit in every context', () => {
  it.each<[string, () => ParallelContext]>([
    ['WorkerContext', () => new WorkerContext({ maxWorkers: 1, taskTimeout: Infinity })],
    ['ProcessContext', () => new ProcessContext({ maxWorkers: 1, taskTimeout: Infinity })],
  ])('%s accepts it and runs tasks', async (_name, make) => {
    const context = make();
    contexts.push(context);
    const executor = new Executor({ context });
    const future = executor.submit(new BackgroundCall({ callable: (n: number) => n * 2, args: [21] }));
    await future.settled();
    expect(future.state).toBe('completed');
    await executor.shutdown();
  });

  it.each<[string, (taskTimeout: number) => ParallelContext]>([
    ['WorkerContext', (taskTimeout: number) => new WorkerContext({ taskTimeout })],
    ['ProcessContext', (taskTimeout: number) => new ProcessContext({ taskTimeout })],
  ])('%s rejects a negative one with the standard message', (_name, make) => {
    expect(() => make(-1)).toThrow(
      'Expected `taskTimeout` to be a number of milliseconds of at least 0 (or Infinity), got `-1` (number)',
    );
  });
});
