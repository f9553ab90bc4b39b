/**
 * A task cannot forge the future's own events (`state`, `cancellable`, `done`) with a custom
 * message: `send` refuses those names, and the default `dispatch` never fires them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InlineContext } from '../../../src/contexts/inline/inline-context.js';
import { WorkerContext } from '../../../src/contexts/worker-threads/worker-context.js';
import { BaseFuture, type CancelCallback } from '../../../src/core/base-future.js';
import { BUILT_IN_EVENTS } from '../../../src/core/built-in-events.js';
import { Executor } from '../../../src/core/executor.js';
import { RECEIVE, REPORT_ERRORS_TO } from '../../../src/core/internal.js';
import type { ParallelContext } from '../../../src/core/parallel-context.js';
import type { TaskContext, TaskInvocation, TaskSpecification } from '../../../src/core/task-specification.js';
import { IterationFuture } from '../../../src/tasks/iteration/iteration-future.js';
import { waitFor } from '../../../src/testing/wait-for.js';
import { BackgroundTaskContext } from '../../../src/worker/task-context.js';

const RESERVED_MESSAGE =
  "Expected the message type to be a name other than 'state', 'cancellable' and 'done' (the future's own events), got `\"done\"` (string)";

describe('built-in event names', () => {
  it('are state, cancellable and done', () => {
    expect(BUILT_IN_EVENTS).toEqual(['state', 'cancellable', 'done']);
  });

  it.each(BUILT_IN_EVENTS)(
    'send(%j) throws a TypeError naming the reserved names, and sends nothing',
    (name) => {
      const sent: unknown[] = [];
      const context = new BackgroundTaskContext(
        () => false,
        (type) => sent.push(type),
      );
      expect(() => context.send(name, 1)).toThrow(TypeError);
      expect(() => context.send(name, 1)).toThrow(/other than 'state', 'cancellable' and 'done'/);
      expect(sent).toEqual([]);
    },
  );

  it('the default dispatch refuses a forged built-in event: the future fails, done fires once', () => {
    class PlainFuture extends BaseFuture<string> {}
    const future = new PlainFuture(() => undefined);
    const reported: unknown[] = [];
    future[REPORT_ERRORS_TO] = (error) => reported.push(error);
    const doneEvents: unknown[] = [];
    future.observe('done', (event) => doneEvents.push(event.new));
    future[RECEIVE]([
      { type: 'started' },
      { type: 'sent', messageType: 'done', arg: 'forged' },
      { type: 'returned', value: 'r' },
    ]);
    expect(doneEvents).toEqual([true]);
    expect(future.state).toBe('failed');
    expect(future.exception.message).toMatch(/'done' is one of the future's own events/);
    expect(reported).toHaveLength(1);
  });
});

const contexts: [string, () => ParallelContext][] = [
  ['InlineContext', () => new InlineContext()],
  ['WorkerContext', () => new WorkerContext({ maxWorkers: 1 })],
];

/** An iteration whose runner is written by hand, so that it can also send other message types. */
class HandWrittenIteration implements TaskSpecification<IterationFuture<unknown, unknown>> {
  constructor(readonly runner: (task: TaskContext) => unknown) {}
  future(cancel: CancelCallback): IterationFuture<unknown, unknown> {
    return new IterationFuture(cancel);
  }
  task(): TaskInvocation {
    return { runner: this.runner, args: [] };
  }
}

describe.each(contexts)('a task that sends a built-in event name, in a %s', (_, makeContext) => {
  const executor = new Executor({ context: makeContext() });
  afterAll(async () => {
    await executor.shutdown();
  });

  it('is refused at send: every item arrives, done fires once, the future completes', async () => {
    const future = executor.submit(
      new HandWrittenIteration((task) => {
        task.send('generated', 1);
        let refused = '';
        try {
          task.send('done', 'forged');
        } catch (error) {
          refused = `${(error as Error).name}: ${(error as Error).message}`;
        }
        task.send('generated', 2);
        task.send('generated', 3);
        return refused;
      }),
    );
    const doneEvents: unknown[] = [];
    future.observe('done', (event) => doneEvents.push(event.new));
    const items: unknown[] = [];
    for await (const item of future.values()) items.push(item);
    await waitFor(future, 'done', (f) => f.done, { timeout: 10_000 });
    expect(items).toEqual([1, 2, 3]);
    expect(doneEvents).toEqual([true]);
    expect(future.state).toBe('completed');
    expect(future.result).toBe(`TypeError: ${RESERVED_MESSAGE}`);
  });

  it('fails the future with the reserved-name error when the task does not catch it', async () => {
    const future = executor.submit(
      new HandWrittenIteration((task) => {
        task.send('state', 'completed');
      }),
    );
    const states: unknown[] = [];
    future.observe('state', (event) => states.push(event.new));
    await waitFor(future, 'done', (f) => f.done, { timeout: 10_000 });
    expect(states).toEqual(['executing', 'failed']);
    expect(future.exception.type).toBe('TypeError');
    expect(future.exception.message).toMatch(/other than 'state', 'cancellable' and 'done'/);
  });
});
