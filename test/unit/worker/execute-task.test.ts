import { describe, expect, it, vi } from 'vitest';
import type { TaskMessage } from '../../../src/core/messages.js';
import type { AnyFunction } from '../../../src/core/task-reference.js';
import { transfer } from '../../../src/core/transfer.js';
import { currentTask } from '../../../src/worker/current-task.js';
import { executeTask, type PreparedTask } from '../../../src/worker/execute-task.js';
import { resolveTask } from '../../../src/worker/resolve-task.js';
import { BackgroundTaskContext } from '../../../src/worker/task-context.js';

interface Run {
  messages: TaskMessage[];
  transfers: (readonly object[] | undefined)[];
  markStarted: ReturnType<typeof vi.fn>;
  context: BackgroundTaskContext;
}

async function run(
  prepare: () => PreparedTask | Promise<PreparedTask>,
  options: { cancelled?: boolean } = {},
): Promise<Run> {
  const messages: TaskMessage[] = [];
  const transfers: (readonly object[] | undefined)[] = [];
  const context = new BackgroundTaskContext(
    () => options.cancelled === true,
    (messageType, arg) => messages.push({ type: 'sent', messageType, arg }),
  );
  const markStarted = vi.fn(() => true);
  await executeTask(
    context,
    prepare,
    (message, transferList) => {
      messages.push(message);
      transfers.push(transferList);
    },
    markStarted,
  );
  return { messages, transfers, markStarted, context };
}

const callRunner: AnyFunction = (_task: unknown, fn: AnyFunction, ...args: unknown[]) => fn(...args);

describe('executeTask', () => {
  it('sends started, the runner’s messages, then returned with the awaited value', async () => {
    const runner = async (task: BackgroundTaskContext, n: number): Promise<number> => {
      task.send('tick', 1);
      await Promise.resolve();
      task.send('tick', 2);
      return n * 2;
    };
    const { messages, markStarted } = await run(() => [runner, [21]]);
    expect(messages).toEqual([
      { type: 'started' },
      { type: 'sent', messageType: 'tick', arg: 1 },
      { type: 'sent', messageType: 'tick', arg: 2 },
      { type: 'returned', value: 42 },
    ]);
    expect(markStarted).toHaveBeenCalledTimes(1);
  });

  it('sends only abandoned when cancelled before it began, without preparing or marking', async () => {
    const prepare = vi.fn((): PreparedTask => [() => 1, []]);
    const { messages, markStarted, context } = await run(prepare, { cancelled: true });
    expect(messages).toEqual([{ type: 'abandoned' }]);
    expect(prepare).not.toHaveBeenCalled();
    expect(markStarted).not.toHaveBeenCalled();
    expect(() => context.send('late')).toThrow(/after the task ended/);
  });

  it('sends raised with the marshalled error when the runner throws', async () => {
    const { messages } = await run(() => [
      () => {
        throw new RangeError('too big');
      },
      [],
    ]);
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({
      type: 'raised',
      exception: { type: 'RangeError', message: 'too big' },
    });
  });

  it('sends raised when preparing fails (a missing export), after started', async () => {
    const { messages } = await run(() => Promise.reject(new Error('no such export')));
    expect(messages.map((message) => message.type)).toEqual(['started', 'raised']);
  });

  it('closes the context when the task ends: later sends throw', async () => {
    let keep: BackgroundTaskContext | undefined;
    await run(() => [(task: BackgroundTaskContext) => (keep = task), []]);
    expect(() => keep!.send('late')).toThrow(/after the task ended/);
  });

  it('makes the task current while its synchronous part runs', async () => {
    let seen: unknown;
    const { context } = await run(() => [() => (seen = currentTask()), []]);
    expect(seen).toBe(context);
    expect(() => currentTask()).toThrow(/outside a running task/);
  });

  it('moves the transferables marked on the result', async () => {
    const buffer = new ArrayBuffer(4);
    const { transfers } = await run(() => [() => transfer({ buffer }, [buffer]), []]);
    expect(transfers.at(-1)).toEqual([buffer]);
  });

  it('explains a ReferenceError of an inline function that uses an outer variable', async () => {
    const fn = resolveTask({ kind: 'source', source: '() => outerScale * 2' }) as AnyFunction;
    const { messages } = await run(() => [callRunner, [fn]]);
    const raised = messages.at(-1) as Extract<TaskMessage, { type: 'raised' }>;
    expect(raised.exception.type).toBe('ReferenceError');
    expect(raised.exception.message).toMatch(
      /^outerScale is not defined: the inline task function uses `outerScale`/,
    );
    expect(raised.exception.message).toMatch(/pass `outerScale` as an argument/);
  });

  it("names a compiler helper as the compiler's, not as the user's outer variable", async () => {
    // esbuild inserts `__publicField` for class fields when compiling for an older target.
    const fn = resolveTask({
      kind: 'source',
      source:
        '() => { class Point { constructor() { __publicField(this, "x", 1); } } return new Point().x; }',
    }) as AnyFunction;
    const { messages } = await run(() => [callRunner, [fn]]);
    const raised = messages.at(-1) as Extract<TaskMessage, { type: 'raised' }>;
    expect(raised.exception.message).toMatch(
      /^__publicField is not defined: `__publicField` is a helper that a compiler/,
    );
    expect(raised.exception.message).not.toMatch(/a variable from outside its own body/);
  });

  it('leaves a ReferenceError of a function that is not inline source as it is', async () => {
    const { messages } = await run(() => [
      callRunner,
      [
        () => {
          throw new ReferenceError('somethingElse is not defined');
        },
      ],
    ]);
    const raised = messages.at(-1) as Extract<TaskMessage, { type: 'raised' }>;
    expect(raised.exception.message).toBe('somethingElse is not defined');
  });
});
