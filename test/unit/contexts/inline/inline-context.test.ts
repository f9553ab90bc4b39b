/**
 * Unit tests of the inline context's made-up final messages, driven by a ManualScheduler so
 * that each race (a message produced but not yet delivered) is hit every time.
 */
import { describe, expect, it } from 'vitest';
import { Executor } from '../../../../src/core/executor.js';
import { InlineContext } from '../../../../src/contexts/inline/inline-context.js';
import { submitCall } from '../../../../src/tasks/call/submit-call.js';
import { ManualScheduler } from '../../../../src/testing/manual-scheduler.js';

function setUp(): {
  scheduler: ManualScheduler;
  context: InlineContext;
  executor: Executor;
  errors: unknown[];
} {
  const scheduler = new ManualScheduler();
  const context = new InlineContext({ schedule: scheduler.schedule });
  const executor = new Executor({ context });
  const errors: unknown[] = [];
  executor.observe('error', (event) => errors.push(event.new));
  return { scheduler, context, executor, errors };
}

/** Runs scheduled callbacks and lets promises settle, until nothing is left (bounded). */
async function drain(scheduler: ManualScheduler): Promise<void> {
  for (let round = 0; round < 20; round++) {
    scheduler.runAll();
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (scheduler.pending === 0) return;
  }
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('InlineContext: made-up final messages', () => {
  it('force-cancels a task whose `started` was produced but not delivered', async () => {
    const { scheduler, executor, errors } = setUp();
    const future = submitCall(executor, never);
    scheduler.runNext(); // the task starts; `started` waits to be delivered
    expect(future.state).toBe('waiting');
    expect(future.cancel({ force: true })).toBe(true);
    await drain(scheduler);
    expect(errors).toEqual([]);
    expect(future.state).toBe('cancelled');
  });

  it('force-cancels a task the future saw start', async () => {
    const { scheduler, executor, errors } = setUp();
    const future = submitCall(executor, never);
    await drain(scheduler);
    expect(future.state).toBe('executing');
    future.cancel({ force: true });
    await drain(scheduler);
    expect(errors).toEqual([]);
    expect(future.state).toBe('cancelled');
  });

  it('force-cancels a task that never started: it never runs', async () => {
    const { scheduler, executor, errors } = setUp();
    let ran = false;
    const future = submitCall(executor, () => (ran = true));
    future.cancel({ force: true });
    await drain(scheduler);
    expect(ran).toBe(false);
    expect(errors).toEqual([]);
    expect(future.state).toBe('cancelled');
  });

  it('fails a task whose `started` waits when the context closes', async () => {
    const { scheduler, context, executor, errors } = setUp();
    const future = submitCall(executor, never);
    scheduler.runNext();
    await context.close();
    await drain(scheduler);
    expect(errors).toEqual([]);
    expect(future.state).toBe('failed');
    expect(future.exception.message).toMatch(/closed/);
  });

  it('ignores what a force-cancelled task does afterwards', async () => {
    const { scheduler, executor, errors } = setUp();
    let finish: (value: number) => void = () => undefined;
    const future = submitCall(executor, () => new Promise<number>((resolve) => (finish = resolve)));
    await drain(scheduler);
    future.cancel({ force: true });
    finish(5);
    await drain(scheduler);
    expect(errors).toEqual([]);
    expect(future.state).toBe('cancelled');
  });

  it('refuses to run on a closed context', async () => {
    const { context } = setUp();
    await context.close();
    expect(context.closed).toBe(true);
    expect(() => context.run({ runner: () => 1, args: [] }, () => undefined)).toThrow(/closed/);
  });
});
