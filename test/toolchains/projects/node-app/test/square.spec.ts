import { Executor, submitCall, taskModule } from 'reactive-futures';
import { expect, test } from 'vitest';

const tasks = taskModule<typeof import('../src/tasks.js')>(new URL('../src/tasks.js', import.meta.url));

test('squares in a worker thread', async () => {
  const executor = new Executor();
  try {
    const future = submitCall(executor, tasks.square, 12);
    await future.settled();
    if (future.state === 'failed') throw future.exception;
    expect(future.result).toBe(144);
  } finally {
    await executor.shutdown();
  }
});
