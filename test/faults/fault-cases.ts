// The fault matrix: every way a task can go wrong, in every context where it applies. For each,
// the faulty future ends in the expected state with a typed error and an actionable message,
// a future running alongside is unaffected, the pool replaces the worker (a following task
// succeeds), the executor still shuts down, and no worker thread or child process is left.
import { describe, expect, it } from 'vitest';
import {
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
  type BaseFuture,
  type FutureState,
} from 'reactive-futures';
import {
  createContext,
  executing,
  isAlive,
  processHandleCount,
  settle,
  threadCount,
  type ContextKind,
  type ContextUnderTest,
  type FaultContextOptions,
} from './harness.js';

const tasks = taskModule<typeof import('./fixtures/fault-tasks.js')>(
  new URL('./fixtures/fault-tasks.ts', import.meta.url),
);

interface FaultCase {
  readonly name: string;
  readonly kinds: readonly ContextKind[];
  readonly options?: FaultContextOptions;
  /** Submits the faulty task and does whatever else the fault needs; returns its future. */
  readonly start: (setup: ContextUnderTest) => BaseFuture | Promise<BaseFuture>;
  readonly state: FutureState;
  readonly type?: string;
  readonly message?: RegExp;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly check?: (future: BaseFuture, setup: ContextUnderTest) => void;
}

export const ALL: readonly ContextKind[] = ['inline', 'worker', 'process'];
const OFF_THREAD: readonly ContextKind[] = ['worker', 'process'];
const MIB = 1024 * 1024;

/** Every fault, with the contexts it applies to. */
export const FAULTS: readonly FaultCase[] = [
  {
    name: 'the task throws',
    kinds: ALL,
    start: ({ executor }) => submitCall(executor, tasks.throwError, 'bad input 7'),
    state: 'failed',
    type: 'RangeError',
    message: /^bad input 7$/,
  },
  {
    name: 'the task rejects',
    kinds: ALL,
    start: ({ executor }) => submitCall(executor, tasks.rejectLater, 'no such row'),
    state: 'failed',
    type: 'TypeError',
    message: /^no such row$/,
  },
  {
    name: 'the task throws from a timer, outside its own flow',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.throwFromTimer, 'late boom'),
    state: 'failed',
    type: 'WorkerCrashedError',
    message:
      /uncaught error outside the task's own flow \(EvalError: late boom\).*Catch errors inside the callbacks/,
    details: { exitCode: 1, signal: null, outOfMemory: false },
  },
  {
    name: 'the task leaves a promise rejection unhandled',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.rejectUnhandled, 'nobody caught me'),
    state: 'failed',
    type: 'WorkerCrashedError',
    message: /uncaught error outside the task's own flow \(URIError: nobody caught me\)/,
    details: { exitCode: 1, signal: null, outOfMemory: false },
  },
  {
    name: 'a timer that a task which already returned left behind throws while the next task runs',
    kinds: OFF_THREAD,
    start: async ({ executor }) => {
      const leaving = await settle(submitCall(executor, tasks.leaveThrowingTimer, 50));
      expect(leaving.state).toBe('completed');
      // The next task runs on the same worker (the other one holds the bystander) when the timer throws.
      return submitCall(executor, tasks.awaitStrayError);
    },
    state: 'completed',
    check: (future) => expect(future.result).toBe('survived'),
  },
  {
    name: 'the task leaves a promise rejection unhandled from a callback it created, while it runs',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.rejectFromOwnCallback, 'mine, from my own listener'),
    state: 'failed',
    type: 'WorkerCrashedError',
    message: /uncaught error outside the task's own flow \(URIError: mine, from my own listener\)/,
    details: { exitCode: 1, signal: null, outOfMemory: false },
  },
  ...(
    [
      ['reject', 'leaves a promise rejection unhandled'],
      ['throw', 'throws'],
      ['await', 'is an async function that throws when released'],
    ] as const
  ).map(([kind, what]): FaultCase => ({
    name: `a callback that a task which already returned left behind ${what} while the next, innocent task runs`,
    kinds: OFF_THREAD,
    start: async ({ executor }) => {
      const leaving = await settle(submitCall(executor, tasks.leaveStrayCallback, kind));
      expect(leaving.state).toBe('completed');
      // The next task runs on the same worker (the other one holds the bystander), and sets
      // off what the previous one left there.
      return submitCall(executor, tasks.setOffStray);
    },
    state: 'completed',
    check: (future) => expect(future.result).toBe('survived'),
  })),
  ...(['throwUnreadableMessage', 'throwRevokedProxy'] as const).map((name): FaultCase => ({
    name: `the task throws a value whose property reads throw (${name})`,
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks[name]),
    state: 'failed',
    // No `type`: it and the text depend on how much of the value can be read. What matters is
    // that it is the task's own failure, not a crash of its worker.
    check: (future) => {
      expect(future.exception.type).not.toBe('WorkerCrashedError');
      expect(future.exception.message).not.toMatch(/outside the task's own flow/);
    },
  })),
  {
    name: 'the task calls process.exit(3)',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.exitProcess, 3),
    state: 'failed',
    type: 'WorkerCrashedError',
    message: /exited with code 3: process\.exit\(\) was called.*Return or throw from the task instead/,
    details: { exitCode: 3, signal: null, outOfMemory: false },
  },
  {
    name: 'the task runs out of memory',
    kinds: OFF_THREAD,
    options: { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } },
    start: ({ executor }) => submitCall(executor, tasks.exhaustMemory),
    state: 'failed',
    type: 'WorkerCrashedError',
    message: /ran out of memory.*resourceLimits/,
    details: { outOfMemory: true },
  },
  {
    name: 'the child process is killed with SIGKILL',
    kinds: ['process'],
    start: async (setup) => {
      const future = submitProgress(setup.executor, tasks.reportPidThenSpin);
      const pid = await new Promise<number>((resolve) => {
        const stop = future.observe('progress', (event) => {
          if (typeof event.new === 'number' && event.new > 0) {
            stop();
            resolve(event.new);
          }
        });
      });
      setup.notePids();
      expect(setup.seenProcessIds).toContain(pid);
      process.kill(pid, 'SIGKILL');
      return future;
    },
    state: 'failed',
    type: 'WorkerCrashedError',
    message: /killed by signal SIGKILL: something outside the task ended it/,
    details: { exitCode: null, signal: 'SIGKILL', outOfMemory: false },
  },
  {
    name: 'the task never returns, and is force-cancelled',
    kinds: ALL,
    start: async ({ executor, kind }) => {
      // Inline, a synchronous endless loop would block the test itself.
      const future =
        kind === 'inline'
          ? submitCall(executor, tasks.neverSettles)
          : submitCall(executor, tasks.spinForever);
      await executing(future);
      expect(future.cancel({ force: true })).toBe(true);
      return future;
    },
    state: 'cancelled',
  },
  {
    name: 'the task never returns and ignores cancellation, and its timeout runs out',
    kinds: OFF_THREAD,
    start: (setup) => {
      setup.nextRunOptions = { timeout: 200 };
      return submitCall(setup.executor, tasks.spinForever);
    },
    state: 'failed',
    type: 'TaskTimeoutError',
    message: /ran longer than its time limit of 200 ms.*Raise the limit/,
    details: { timeout: 200 },
  },
  {
    name: "the task runs too long but stops when cancelled, and the context's taskTimeout runs out",
    kinds: OFF_THREAD,
    options: { taskTimeout: 200 },
    start: ({ executor }) => submitCall(executor, tasks.spinUntilCancelled),
    state: 'failed',
    type: 'TaskTimeoutError',
    message: /ran longer than its time limit of 200 ms/,
  },
  {
    name: 'an argument cannot be cloned',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.lengthOf, new WeakMap() as unknown as string),
    state: 'failed',
    type: 'SerializationError',
    message: /Argument 0 of the task could not be sent to the worker.*pass plain data/,
  },
  {
    name: 'the result cannot be cloned',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.returnUncloneable),
    state: 'failed',
    type: 'SerializationError',
    message: /The result of the task could not be sent to the main thread.*structured clone/,
  },
  {
    name: 'an item cannot be cloned',
    kinds: OFF_THREAD,
    start: ({ executor }) => {
      const future = submitIteration(executor, tasks.yieldUncloneable);
      const items: unknown[] = [];
      future.observe('resultEvent', (event) => items.push(event.new));
      return Object.assign(future, { items });
    },
    state: 'failed',
    type: 'SerializationError',
    message: /could not be sent to the main thread/,
    check: (future) => expect((future as unknown as { items: unknown[] }).items).toEqual([1]),
  },
  {
    name: 'a progress value cannot be cloned',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitProgress(executor, tasks.reportUncloneable),
    state: 'failed',
    type: 'SerializationError',
    message: /could not be sent to the main thread/,
  },
  {
    name: 'the result is a 64 MiB string',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.bigString, 64),
    state: 'completed',
    check: (future) => {
      const result = future.result as string;
      expect(result.length).toBe(64 * MIB);
      expect(result.at(-1)).toBe('x');
    },
  },
  {
    name: 'an argument is a 64 MiB typed array',
    kinds: OFF_THREAD,
    start: ({ executor }) => submitCall(executor, tasks.lengthOf, new Uint8Array(64 * MIB).fill(7)),
    state: 'completed',
    check: (future) => expect(future.result).toBe(64 * MIB),
  },
];

/** Runs every fault of the matrix that applies to contexts of `kind`. */
export function describeFaults(kind: ContextKind): void {
  describe(`faults in the ${kind} context`, () => {
    for (const fault of FAULTS.filter((candidate) => candidate.kinds.includes(kind))) {
      it(fault.name, { timeout: 90_000 }, async () => {
        const handlesBefore = processHandleCount();
        const threadsBefore = threadCount();
        const setup = createContext(kind, fault.options);
        const { executor } = setup;

        // A bystander runs alongside the faulty task, in another worker.
        setup.nextRunOptions = { timeout: Infinity }; // not subject to the context's taskTimeout
        const bystander = submitCall(executor, tasks.waitUntilCancelled);
        await executing(bystander);
        setup.notePids();

        const future = await settle(await fault.start(setup));
        setup.notePids();
        expect(future.state).toBe(fault.state);
        if (fault.state === 'failed') {
          const exception = future.exception;
          if (fault.type !== undefined) expect(exception.type).toBe(fault.type);
          expect(exception.message).toMatch(fault.message ?? /./);
          expect(exception.stack).toContain(exception.message.slice(0, 20));
          if (fault.details !== undefined) expect(exception.details).toMatchObject(fault.details);
        }
        fault.check?.(future, setup);

        // Others are unaffected, and the pool has a worker for the next task.
        expect(bystander.state).toBe('executing');
        const following = await settle(submitCall(executor, tasks.succeed, 21));
        setup.notePids();
        expect(following.state).toBe('completed');
        expect(following.result).toBe(42);
        expect(bystander.state).toBe('executing');
        bystander.cancel();
        expect((await settle(bystander)).state).toBe('cancelled');

        await executor.shutdown({ timeout: 20_000 });
        expect(executor.state).toBe('stopped');
        await setup.context.close();
        expect(setup.workerCount()).toBe(0);
        if (kind === 'process') {
          expect(setup.seenProcessIds.size).toBeGreaterThan(0);
          for (const pid of setup.seenProcessIds) expect(isAlive(pid), `child ${pid} is alive`).toBe(false);
        }
        expect(processHandleCount()).toBe(handlesBefore);
        // A terminated worker's OS thread is reaped shortly after its exit event: poll for it.
        if (kind === 'worker') {
          await expect.poll(threadCount, { timeout: 5000, interval: 20 }).toBeLessThanOrEqual(threadsBefore);
        }
      });
    }
  });
}
