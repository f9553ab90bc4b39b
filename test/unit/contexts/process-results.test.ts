/**
 * Values coming back from a task (a result, an item, a progress report, a custom message) get
 * the same treatment in a ProcessContext as in a WorkerContext wherever the two can agree: a
 * SerializationError naming the value for what cannot cross, the same plain copy for what can.
 * The one difference left is a Blob: a worker thread clones it, a child process refuses it
 * (Node's IPC would empty it), with an error naming where it is, never an empty object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Executor,
  ProcessContext,
  WorkerContext,
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
  type BaseFuture,
} from 'reactive-futures';
import { KINDS, type Kind } from '../../fixtures/crossing-tasks.js';

const tasks = taskModule<typeof import('../../fixtures/crossing-tasks.js')>(
  new URL('../../fixtures/crossing-tasks.ts', import.meta.url),
);

type Channel = 'result' | 'item' | 'progress' | 'custom message';
const CHANNELS: readonly Channel[] = ['result', 'item', 'progress', 'custom message'];
const WHAT: Readonly<Record<Channel, RegExp>> = {
  result: /^The result of the task could not be sent/,
  item: /^An item of the iteration could not be sent/,
  progress: /^A progress report of the task could not be sent/,
  'custom message': /^A `value` message sent by the task could not be sent/,
};

/** The value `channel` brought back from a task sending `kind`, or how its future failed. */
async function outcome(executor: Executor, kind: Kind, channel: Channel): Promise<string> {
  let received: unknown = 'nothing received';
  let future: BaseFuture;
  if (channel === 'result') {
    future = submitCall(executor, tasks.returnValue, kind);
  } else if (channel === 'item') {
    const iteration = submitIteration(executor, tasks.yieldValue, kind);
    iteration.observe('resultEvent', (event) => (received = event.new));
    future = iteration;
  } else if (channel === 'progress') {
    const progress = submitProgress(executor, tasks.reportValue, kind);
    progress.observe('progress', (event) => (received = event.new));
    future = progress;
  } else {
    const call = submitCall(executor, tasks.sendValue, kind);
    // A call future fires its task's custom messages too; its type declares none.
    const observable = call as unknown as {
      observe(name: string, handler: (event: { readonly new: unknown }) => void): unknown;
    };
    observable.observe('value', (event) => (received = event.new));
    future = call;
  }
  await future.settled();
  if (future.state === 'failed') {
    expect(future.exception.message).toMatch(WHAT[channel]);
    return `failed ${future.exception.type}: ${future.exception.message}`;
  }
  if (channel === 'result' && future.state === 'completed') received = (future as { result: unknown }).result;
  return `${future.state} ${describeValue(received)}`;
}

function describeValue(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor
    ?.name;
  return `${name ?? 'null-prototype'} ${JSON.stringify(value, (_key, each: unknown) => (each instanceof Blob ? `Blob(${each.size})` : each))}`;
}

const executors: Record<'worker' | 'process', Executor> = {} as never;
beforeAll(() => {
  executors.worker = new Executor({ context: new WorkerContext({ maxWorkers: 1 }) });
  executors.process = new Executor({ context: new ProcessContext({ maxWorkers: 1 }) });
});
afterAll(async () => {
  await Promise.all([executors.worker.shutdown(), executors.process.shutdown()]);
});

describe.each(CHANNELS)('a value sent back as a %s', (channel) => {
  it.each(KINDS.filter((kind) => !kind.startsWith('Blob')))(
    '%s: the same outcome in a ProcessContext as in a WorkerContext',
    { timeout: 30_000 },
    async (kind) => {
      const inWorker = await outcome(executors.worker, kind, channel);
      const inProcess = await outcome(executors.process, kind, channel);
      expect(inProcess).toBe(inWorker);
      if (kind === 'MessagePort' || kind === 'function')
        expect(inProcess).toMatch(/^failed SerializationError/);
      if (kind === 'class instance with #private fields')
        expect(inProcess).toBe('completed Object {"owner":"ada"}');
      if (kind === 'plain data') expect(inProcess).toMatch(/^completed Object \{"list":\[1,"a",null\]/);
    },
  );

  it.each([
    ['Blob', 'completed Blob "Blob(3)"', / holds a Blob, which cannot cross from a child process/],
    [
      'Blob nested in an object',
      'completed Object {"files":["Blob(4)"]}',
      / holds a Blob at \.files\.0, which cannot cross/,
    ],
  ] as const)(
    '%s: cloned by a worker thread, refused with a SerializationError by a child process, never emptied',
    { timeout: 30_000 },
    async (kind, inWorker, refusal) => {
      expect(await outcome(executors.worker, kind, channel)).toBe(inWorker);
      const inProcess = await outcome(executors.process, kind, channel);
      expect(inProcess).toMatch(/^failed SerializationError: /);
      expect(inProcess).toMatch(refusal);
    },
  );
});
