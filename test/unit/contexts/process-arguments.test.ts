/**
 * Values a child process cannot really receive (a MessagePort, a Blob, a URL: host objects
 * that Node's IPC serialization would turn into `{}`) fail the task with a SerializationError
 * naming the argument, as a MessagePort does in a WorkerContext; plain data still crosses.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BackgroundCall, ProcessContext, WorkerContext } from 'reactive-futures';
import { useExecutors } from '../../fixtures/executors.js';

const executorOn = useExecutors();

describe('ProcessContext: arguments that cannot cross to a child process', () => {
  it.each<[string, () => unknown]>([
    ['a MessagePort', () => new MessageChannel().port1],
    ['a Blob', () => new Blob(['abc'])],
    ['a URL nested in an object', () => ({ where: [new URL('https://example.com/')] })],
  ])('%s fails the task with a SerializationError', async (_name, make) => {
    const executor = executorOn(new ProcessContext({ maxWorkers: 1 }));
    const value = make();
    const future = executor.submit(new BackgroundCall({ callable: (x: unknown) => typeof x, args: [value] }));
    await future.settled();
    expect(future.state).toBe('failed');
    if (future.state !== 'failed') return;
    expect(future.exception.type).toBe('SerializationError');
    expect(future.exception.message).toMatch(/Argument 0 of the task/);
    expect(future.exception.message).toMatch(/cannot cross to a child process/);
    if (value instanceof MessageChannel || (value as { close?: () => void }).close)
      (value as { close(): void }).close();
    await executor.shutdown();
  });

  it('still sends plain data, Maps, Dates, typed arrays and errors', async () => {
    const executor = executorOn(new ProcessContext({ maxWorkers: 1 }));
    const value = {
      list: [1, 'a', null],
      map: new Map([[1, new Date(0)]]),
      bytes: new Uint8Array([1, 2]),
      error: new RangeError('r'),
    };
    const future = executor.submit(
      new BackgroundCall({
        callable: (x: typeof value) => [
          x.list.length,
          x.map.get(1) instanceof Date,
          x.bytes[1],
          x.error.name,
        ],
        args: [value],
      }),
    );
    await future.settled();
    expect(future.state === 'completed' ? future.result : future.state).toEqual([3, true, 2, 'RangeError']);
    await executor.shutdown();
  });
});

describe('WorkerContext: a MessagePort argument', () => {
  it('fails the task with a SerializationError, the same as in a ProcessContext', async () => {
    const executor = executorOn(new WorkerContext({ maxWorkers: 1 }));
    const { port1 } = new MessageChannel();
    const future = executor.submit(new BackgroundCall({ callable: (x: unknown) => typeof x, args: [port1] }));
    await future.settled();
    expect(future.state === 'failed' ? future.exception.type : future.state).toBe('SerializationError');
    port1.close();
    await executor.shutdown();
  });
});
