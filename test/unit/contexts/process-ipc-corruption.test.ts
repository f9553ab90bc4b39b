/**
 * A task that writes bytes to its child process's IPC descriptor corrupts the channel: the
 * parent must treat it as a crashed child (its future fails, the parent lives, the child is
 * replaced, shutdown resolves), never crash on `Unable to deserialize cloned data`, and never
 * wait for ever for the rest of a message whose header claimed more bytes than ever come.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BackgroundCall,
  Executor,
  ProcessContext,
  submitCall,
  taskModule,
  type BaseFuture,
} from 'reactive-futures';
import { within } from '../../fixtures/within.js';

const contexts: ProcessContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

const tasks = taskModule<typeof import('../../fixtures/ipc-tasks.js')>(
  new URL('../../fixtures/ipc-tasks.ts', import.meta.url),
);

const CORRUPTIONS: readonly {
  readonly name: string;
  readonly start: (executor: Executor) => BaseFuture;
  /** What the crash's message says was seen. */
  readonly seen: RegExp;
}[] = [
  {
    name: 'bytes that do not deserialize',
    start: (executor) => submitCall(executor, tasks.corruptChannel),
    seen: /Unable to deserialize/,
  },
  {
    name: 'a header claiming 2 GiB, then silence',
    start: (executor) => submitCall(executor, tasks.claimLongFrame, 0x7fff_ffff),
    seen: /a message header declared 2147483647 bytes, and the child's answer to a check sent later arrived inside/,
  },
  {
    name: 'a header claiming 4 KiB, then silence',
    start: (executor) => submitCall(executor, tasks.claimLongFrame, 4096),
    seen: /a message header declared 4096 bytes/,
  },
  {
    name: 'a well-framed message that is not one a child sends',
    start: (executor) => submitCall(executor, tasks.sendForeignMessage),
    seen: /a value arrived that is not a message a child sends: 42/,
  },
];

describe('ProcessContext: a corrupted IPC channel', () => {
  it.each(CORRUPTIONS)(
    '$name: fails the task as a crash, the next task runs in a new child, shutdown resolves',
    { timeout: 60_000 },
    async ({ start, seen }) => {
      const context = new ProcessContext({ maxWorkers: 1 });
      contexts.push(context);
      const executor = new Executor({ context });
      const corrupted = start(executor);
      await within(corrupted.settled(), 'The future of the task that corrupted its channel');
      expect(corrupted.state === 'failed' ? corrupted.exception.type : corrupted.state).toBe(
        'WorkerCrashedError',
      );
      if (corrupted.state === 'failed') {
        expect(corrupted.exception.message).toMatch(/IPC channel to the parent was corrupted/);
        expect(corrupted.exception.message).toMatch(seen);
      }
      const next = executor.submit(new BackgroundCall({ callable: (n: number) => n + 1, args: [1] }));
      await within(next.settled(), 'The next task');
      expect(next.state === 'completed' ? next.result : next.state).toBe(2);
      await within(executor.shutdown(), 'shutdown()');
    },
  );

  it(
    'does not mistake a message that takes many reads to cross for a corrupted one',
    { timeout: 60_000 },
    async () => {
      const context = new ProcessContext({ maxWorkers: 2 });
      contexts.push(context);
      const executor = new Executor({ context });
      // Two at once, so that the parent checks the channel while one is half read.
      const futures = [
        submitCall(executor, tasks.longString, 48 << 20),
        submitCall(executor, tasks.longString, 16 << 20),
      ];
      for (const future of futures) await within(future.settled(), 'A long result', 40_000);
      expect(
        futures.map((future) => (future.state === 'completed' ? future.result.length : future.state)),
      ).toEqual([48 << 20, 16 << 20]);
      await within(executor.shutdown(), 'shutdown()');
    },
  );
});
