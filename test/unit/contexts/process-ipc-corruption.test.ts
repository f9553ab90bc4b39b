/**
 * A task that writes bytes to its child process's IPC descriptor corrupts the channel: the
 * parent must treat it as a crashed child (its future fails, the parent lives, the child is
 * replaced), never crash on `Unable to deserialize cloned data`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCall, Executor, ProcessContext, submitCall, taskModule } from 'reactive-futures';

const contexts: ProcessContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

const tasks = taskModule<typeof import('../../fixtures/ipc-tasks.js')>(
  new URL('../../fixtures/ipc-tasks.ts', import.meta.url),
);

describe('ProcessContext: a corrupted IPC channel', () => {
  it('fails the task as a crash, and the next task runs in a new child', { timeout: 60_000 }, async () => {
    const context = new ProcessContext({ maxWorkers: 1 });
    contexts.push(context);
    const executor = new Executor({ context });
    const corrupted = submitCall(executor, tasks.corruptChannel);
    await corrupted.settled();
    expect(corrupted.state === 'failed' ? corrupted.exception.type : corrupted.state).toBe(
      'WorkerCrashedError',
    );
    if (corrupted.state === 'failed') expect(corrupted.exception.message).toMatch(/IPC channel/);
    const next = executor.submit(new BackgroundCall({ callable: (n: number) => n + 1, args: [1] }));
    await next.settled();
    expect(next.state === 'completed' ? next.result : next.state).toBe(2);
    await executor.shutdown();
  });
});
