/**
 * The contract every parallel context must pass (SPEC §3.5–§3.8), run against each context:
 * `describeParallelContext('WorkerContext', () => ({ context: new WorkerContext(), … }))`.
 *
 * Each group of tests gets a fresh context from the factory, closed after the group; each test
 * an `Executor` borrowing it, shut down (after every probe is released) when the test ends.
 *
 * Races are made deterministic with shared-memory probes (`test/fixtures/contract-probe.ts`):
 * a task raises `ready` and waits until the test raises `release`, so the test acts (cancels,
 * stops) at a known point of the task, never after a sleep. Race-prone tests also run several
 * times. Every wait has a timeout.
 *
 * Platform-neutral on purpose (no `node:*`): the Web Worker context runs it in Chromium (the
 * page must be cross-origin isolated for `SharedArrayBuffer`). What differs between contexts
 * comes from the factory's {@link ContractSubject} flags. Child processes share no memory with
 * the test: their factory passes `createProbe: createFileProbe` (Node only) from the probe module.
 * Fixture modules are `test/fixtures/contract-*.ts`; `fixtureUrl` points elsewhere if needed
 * (e.g. at built `.js` files).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BackgroundCall,
  BackgroundIteration,
  BackgroundProgress,
  BaseFuture,
  Executor,
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
  transfer,
  type CancelCallback,
  type ChangeEvent,
  type ParallelContext,
  type TaskInvocation,
  type TaskReference,
  type TaskSpecification,
} from 'reactive-futures';
import { waitFor } from 'reactive-futures/testing';
import { createProbe, deleteProbe, read, waitUntil, write, type Probe } from '../fixtures/contract-probe.js';

/** A context under test, and what the suite needs to know about it. */
export interface ContractSubject {
  /** A fresh context, used by one test only. */
  readonly context: ParallelContext;
  /**
   * Whether values cross to the task by structured clone (so uncloneable values fail the
   * future, and inline functions are sent as source text, without their closure). `false`
   * for the inline context, which passes values by reference and runs closures.
   */
  readonly supportsCloning: boolean;
  /**
   * Whether `cancel({ force: true })` terminates whatever runs the task (a worker thread, a
   * process). When `false` (inline context), force ends the future at once and the task's
   * later messages are ignored, but the task's code runs on.
   */
  readonly supportsForceTermination: boolean;
  /**
   * Whether tasks run on the main thread. Such tasks must never block or spin: the suite
   * skips the tests of synchronous loops (a loop on the main thread cannot be reached by a
   * `cancel()` from that same thread).
   */
  readonly runsOnMainThread: boolean;
  /**
   * Whether a running task sees a cancel request as soon as `cancel()` returns (the flag is in
   * memory it shares with the main thread). `false` for child processes: the request first
   * travels by IPC to the child, which then sets the task's flag, so a task may produce a few
   * more items (that the future drops) before it stops.
   * @default true
   */
  readonly cancelReachesTaskAtOnce?: boolean;
  /**
   * Whether `transfer()`red `ArrayBuffer`s are moved (the sender's copy detached).
   * @default supportsCloning
   */
  readonly supportsTransfer?: boolean;
  /**
   * How many tasks the context runs at once (at least 2), or `undefined` for no limit. With a
   * limit, "cancelled before it started" is tested on a task queued behind busy ones.
   */
  readonly maxConcurrency: number | undefined;
  /**
   * Makes the probes through which tests and tasks coordinate. The default shares memory
   * (`SharedArrayBuffer`: threads, inline, cross-origin isolated pages); contexts whose tasks
   * cannot share memory with the test (child processes) pass `createFileProbe`.
   * @default createProbe (shared memory)
   */
  readonly createProbe?: () => Probe;
  /**
   * Where the fixture task modules are, given their base name (e.g. `'contract-tasks'`).
   * @default `new URL(\`../fixtures/${name}.ts\`, import.meta.url)`
   */
  readonly fixtureUrl?: (name: string) => URL | string;
  /**
   * Releases the context after a test.
   * @default `() => context.close()`
   */
  readonly dispose?: () => Promise<void>;
}

/** Makes a fresh {@link ContractSubject}; called once per group of tests, and by tests that close their context. */
export type ContractFactory = () => ContractSubject | Promise<ContractSubject>;

/** How long any single wait of the suite may take, in ms (a safety bound, not a timing). */
const WAIT = 10_000;

type Tasks = ReturnType<typeof taskModule<typeof import('../fixtures/contract-tasks.js')>>;
type FizzBuzzTasks = ReturnType<typeof taskModule<typeof import('../fixtures/contract-fizz-buzz.js')>>;

/** One observed change: of which object (`source`), which name, and its old and new values. */
interface LoggedEvent {
  readonly source: string;
  readonly name: string;
  readonly old: unknown;
  readonly new: unknown;
  /** Whether it fired before `submit()` returned the future (it never may). */
  readonly duringSubmit: boolean;
}

/** Anything with `observe(name, handler)`. */
interface Observed {
  observe(name: string, handler: (event: ChangeEvent) => void): () => void;
}

/** Records the changes of several futures and executors in one ordered list. */
class EventLog {
  readonly events: LoggedEvent[] = [];
  duringSubmit = false;

  watch(object: Observed, source: string, names: readonly string[]): void {
    for (const name of names) {
      object.observe(name, (event) => {
        this.events.push({ source, name, old: event.old, new: event.new, duringSubmit: this.duringSubmit });
      });
    }
  }

  /** The changes of `source`, as `[name, old, new]` triples. */
  of(source: string): [string, unknown, unknown][] {
    return this.events
      .filter((event) => event.source === source)
      .map((event) => [event.name, event.old, event.new]);
  }

  /** The payloads of the `name` events of `source`. */
  payloads(source: string, name: string): unknown[] {
    return this.events
      .filter((event) => event.source === source && event.name === name)
      .map((event) => event.new);
  }
}

const FUTURE_NAMES = ['state', 'cancellable', 'done'] as const;
const EXECUTOR_NAMES = ['state', 'running', 'stopped'] as const;

/**
 * Submits `specification` with observers attached inside `future()`, i.e. before `submit()`
 * returns, so that a change during `submit()` would be recorded (and flagged).
 */
function track<TFuture extends BaseFuture>(
  executor: Executor,
  specification: TaskSpecification<TFuture>,
  options: { log?: EventLog; source?: string; extra?: readonly string[] } = {},
): { future: TFuture; log: EventLog; source: string } {
  const log = options.log ?? new EventLog();
  const source = options.source ?? 'future';
  const instrumented: TaskSpecification<TFuture> = {
    future(cancel: CancelCallback): TFuture {
      const future = specification.future(cancel);
      log.watch(future, source, [...FUTURE_NAMES, ...(options.extra ?? [])]);
      return future;
    },
    task: (): TaskInvocation => specification.task(),
  };
  log.duringSubmit = true;
  try {
    return { future: executor.submit(instrumented), log, source };
  } finally {
    log.duringSubmit = false;
  }
}

const LEGAL_STEPS = new Set([
  'waiting>executing',
  'waiting>cancelling',
  'executing>completed',
  'executing>failed',
  'executing>cancelling',
  'cancelling>cancelled',
]);
const FINAL_STATES = new Set(['completed', 'failed', 'cancelled']);
const LIFECYCLE_NAMES = new Set<string>(FUTURE_NAMES);

/**
 * Checks the SPEC §3.5 invariants on the whole recorded history of one future that is done:
 * legal steps only, `cancellable` once (true → false), `done` once and last, `state` →
 * `cancellable` → `done` on one change, nothing during `submit()`, no payload event once
 * `cancelling`, and `cancelling` always ends `cancelled`.
 */
function expectWellFormed(log: EventLog, source = 'future'): void {
  const events = log.events.filter((event) => event.source === source);
  expect(events.filter((event) => event.duringSubmit)).toEqual([]);
  let state = 'waiting';
  let cancelling = false;
  for (const [index, event] of events.entries()) {
    const previous = events[index - 1];
    if (event.name === 'state') {
      expect(event.old).toBe(state);
      expect(
        LEGAL_STEPS.has(`${String(event.old)}>${String(event.new)}`),
        `${String(event.old)} → ${String(event.new)}`,
      ).toBe(true);
      state = String(event.new);
      if (state === 'cancelling') cancelling = true;
    } else if (event.name === 'cancellable') {
      expect([event.old, event.new]).toEqual([true, false]);
      expect(previous?.name).toBe('state');
    } else if (event.name === 'done') {
      expect([event.old, event.new]).toEqual([false, true]);
      // After `cancel()` changed `cancellable`, the final change is `state` alone.
      expect(['state', 'cancellable']).toContain(previous?.name);
      expect(FINAL_STATES.has(state)).toBe(true);
      expect(index).toBe(events.length - 1);
    } else {
      expect(cancelling, `a '${event.name}' event after cancel()`).toBe(false);
      expect(FINAL_STATES.has(state), `a '${event.name}' event in state '${state}'`).toBe(false);
    }
  }
  expect(events.filter((event) => event.name === 'cancellable')).toHaveLength(1);
  expect(events.filter((event) => event.name === 'done')).toHaveLength(1);
  expect(FINAL_STATES.has(state)).toBe(true);
  if (cancelling) expect(state).toBe('cancelled');
  expect(events.filter((event) => !LIFECYCLE_NAMES.has(event.name) && event.duringSubmit)).toEqual([]);
}

/** Resolves when `future` is done (rejects after {@link WAIT} ms). */
function settle<TFuture extends BaseFuture>(future: TFuture): Promise<TFuture> {
  return waitFor(future, 'done', (candidate) => candidate.done, { timeout: WAIT });
}

/** Resolves when `future` is in `state`. */
function reach<TFuture extends BaseFuture>(future: TFuture, state: string): Promise<TFuture> {
  return waitFor(future, 'state', (candidate) => candidate.state === state, { timeout: WAIT });
}

/** Resolves with what `promise` resolves to, or rejects after {@link WAIT} ms. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${WAIT} ms waiting for ${what}`)), WAIT);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after one full turn of the event loop (a macrotask), to let stray messages in. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const range = (length: number): number[] => Array.from({ length }, (_, index) => index);
const repetitions = (count: number): number[] => range(count).map((index) => index + 1);

/** The future of the Fizz-Buzz task kind: default dispatch only, no code of its own. */
class FizzBuzzFuture extends BaseFuture<number, { fizz: number; buzz: number; fizzBuzz: number }> {}

/** The Fizz-Buzz task kind of SPEC §3.7. */
class BackgroundFizzBuzz implements TaskSpecification<FizzBuzzFuture> {
  readonly #tasks: FizzBuzzTasks;
  readonly #probe: Probe;
  readonly #limit: number;

  constructor(tasks: FizzBuzzTasks, probe: Probe, limit: number) {
    this.#tasks = tasks;
    this.#probe = probe;
    this.#limit = limit;
  }

  future(cancel: CancelCallback): FizzBuzzFuture {
    return new FizzBuzzFuture(cancel);
  }

  task(): TaskInvocation {
    return { runner: this.#tasks.fizzBuzz, args: [this.#probe, this.#limit] };
  }
}

/** The Fizz-Buzz messages for numbers 1 … n. */
function fizzBuzzMessages(n: number): [string, number][] {
  return range(n)
    .map((index) => index + 1)
    .filter((number) => number % 3 === 0 || number % 5 === 0)
    .map((number) => [number % 15 === 0 ? 'fizzBuzz' : number % 3 === 0 ? 'fizz' : 'buzz', number]);
}

/**
 * Runs the contract suite against the contexts made by `factory`.
 *
 * @example
 * ```ts
 * describeParallelContext('InlineContext', () => ({
 *   context: new InlineContext(), supportsCloning: false, supportsForceTermination: false,
 *   runsOnMainThread: true, maxConcurrency: undefined,
 * }));
 * ```
 */
export function describeParallelContext(name: string, factory: ContractFactory): void {
  describe(`ParallelContext contract: ${name}`, () => {
    let subject: ContractSubject;
    let executor: Executor;
    let tasks: Tasks;
    let fizzBuzzTasks: FizzBuzzTasks;
    let probes: Probe[] = [];

    /** A fresh probe, released after the test whatever happens. */
    function newProbe(): Probe {
      const probe = (subject.createProbe ?? createProbe)();
      probes.push(probe);
      return probe;
    }

    /** A task that never checks for cancellation: it spins if it has a thread of its own. */
    function ignoringCancel(probe: Probe): TaskSpecification<BaseFuture> {
      return subject.runsOnMainThread
        ? new BackgroundCall({ callable: tasks.holdThenReturn, args: [probe, 'released'] })
        : new BackgroundCall({ callable: tasks.spinIgnoringCancel, args: [probe] });
    }

    /** Submits `count` tasks that hold until released, and waits until they all run. */
    async function occupyAllWorkers(count: number): Promise<Probe[]> {
      const blockers = range(count).map(() => newProbe());
      for (const probe of blockers) submitCall(executor, tasks.holdThenReturn, probe, 'blocker');
      await Promise.all(blockers.map((probe) => waitUntil(probe, 'ready', 1, WAIT)));
      return blockers;
    }

    async function makeSubject(): Promise<ContractSubject> {
      const made = await factory();
      const fixtureUrl =
        made.fixtureUrl ?? ((base: string) => new URL(`../fixtures/${base}.ts`, import.meta.url));
      tasks = taskModule<typeof import('../fixtures/contract-tasks.js')>(fixtureUrl('contract-tasks'));
      fizzBuzzTasks = taskModule<typeof import('../fixtures/contract-fizz-buzz.js')>(
        fixtureUrl('contract-fizz-buzz'),
      );
      return made;
    }

    function dispose(disposed: ContractSubject): Promise<void> {
      return disposed.dispose === undefined ? disposed.context.close() : disposed.dispose();
    }

    /**
     * A group of tests sharing one context from the factory (starting workers is what costs
     * time), each with an executor of its own. Every executor is shut down after its test, so
     * no task of one test outlives it; the context is closed after the group.
     */
    function group(title: string, body: () => void): void {
      describe(title, () => {
        beforeAll(async () => {
          subject = await makeSubject();
        });
        afterAll(async () => {
          await dispose(subject);
        });
        body();
      });
    }

    beforeEach(() => {
      executor = new Executor({ context: subject.context });
      probes = [];
    });

    afterEach(async () => {
      for (const probe of probes) write(probe, 'release', 1);
      try {
        await executor.shutdown({ timeout: WAIT });
      } finally {
        for (const probe of probes) deleteProbe(probe);
      }
    });

    group('the state machine (SPEC §3.5)', () => {
      it('runs waiting → executing → completed; state, cancellable, done in that order; done once, last', async () => {
        const { future, log } = track(executor, new BackgroundCall({ callable: tasks.double, args: [21] }));
        expect([future.state, future.cancellable, future.done]).toEqual(['waiting', true, false]);
        await Promise.resolve();
        expect(future.state).toBe('waiting');
        expect(log.events).toEqual([]);

        await settle(future);
        expect(log.of('future')).toEqual([
          ['state', 'waiting', 'executing'],
          ['state', 'executing', 'completed'],
          ['cancellable', true, false],
          ['done', false, true],
        ]);
        expect(future.result).toBe(42);
        expect(() => future.exception).toThrow(/'completed'/);
        expect(future.cancel()).toBe(false);
        expectWellFormed(log);
      });

      it('runs waiting → executing → failed; result is unavailable and says why', async () => {
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.failWithRangeError, args: ['boom'] }),
        );
        await settle(future);
        expect(log.of('future')).toEqual([
          ['state', 'waiting', 'executing'],
          ['state', 'executing', 'failed'],
          ['cancellable', true, false],
          ['done', false, true],
        ]);
        expect(() => future.result).toThrow(/'failed'/);
        expect(future.exception.type).toBe('RangeError');
        expectWellFormed(log);
      });

      it('executing is observable while the task runs', async () => {
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.holdThenReturn, args: [probe, 'held'] }),
        );
        await waitUntil(probe, 'ready', 1, WAIT);
        await reach(future, 'executing');
        expect([future.cancellable, future.done]).toEqual([true, false]);
        expect(() => future.result).toThrow(/'executing'/);
        write(probe, 'release', 1);
        await settle(future);
        expect(future.result).toBe('held');
        expectWellFormed(log);
      });

      it('cancel() before the task started: waiting → cancelling → cancelled, and the task never ran', async () => {
        // With a bounded context the task is surely not started: it is queued behind busy
        // workers. An unbounded context (inline) starts tasks in a later event-loop task only.
        const blockers =
          subject.maxConcurrency === undefined ? [] : await occupyAllWorkers(subject.maxConcurrency);
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.recordRun, args: [probe, 'ran'] }),
        );
        expect(future.cancel()).toBe(true);
        expect(log.of('future')).toEqual([
          ['state', 'waiting', 'cancelling'],
          ['cancellable', true, false],
        ]);
        expect(future.cancel()).toBe(false);
        for (const blocker of blockers) write(blocker, 'release', 1);

        await settle(future);
        expect(log.of('future')).toEqual([
          ['state', 'waiting', 'cancelling'],
          ['cancellable', true, false],
          ['state', 'cancelling', 'cancelled'],
          ['done', false, true],
        ]);
        expect(read(probe, 'runs')).toBe(0);
        expect(() => future.result).toThrow(/'cancelled'/);
        expect(() => future.exception).toThrow(/'cancelled'/);
        expectWellFormed(log);
      });

      it.each(repetitions(10))(
        'cancel() right after submit() ends cancelled with no executing (run %i)',
        async () => {
          const probe = newProbe();
          const { future, log } = track(
            executor,
            new BackgroundCall({ callable: tasks.recordRun, args: [probe, 'ran'] }),
          );
          expect(future.cancel()).toBe(true);
          await settle(future);
          // The task may or may not have started in its worker; the future never shows it.
          expect(log.of('future')).toEqual([
            ['state', 'waiting', 'cancelling'],
            ['cancellable', true, false],
            ['state', 'cancelling', 'cancelled'],
            ['done', false, true],
          ]);
          expectWellFormed(log);
        },
      );

      it.each(repetitions(5))(
        'cancel() while executing: executing → cancelling → cancelled; the result is discarded (run %i)',
        async () => {
          const probe = newProbe();
          const { future, log } = track(
            executor,
            new BackgroundCall({ callable: tasks.holdThenReturn, args: [probe, 'discarded'] }),
          );
          await waitUntil(probe, 'ready', 1, WAIT);
          await reach(future, 'executing');
          const before = log.events.length;
          expect(future.cancel()).toBe(true);
          expect(log.of('future').slice(before)).toEqual([
            ['state', 'executing', 'cancelling'],
            ['cancellable', true, false],
          ]);
          expect(future.cancel()).toBe(false);
          write(probe, 'release', 1);

          await settle(future);
          expect(read(probe, 'resumed')).toBe(1);
          expect(log.of('future').slice(before)).toEqual([
            ['state', 'executing', 'cancelling'],
            ['cancellable', true, false],
            ['state', 'cancelling', 'cancelled'],
            ['done', false, true],
          ]);
          expect(() => future.result).toThrow(/'cancelled'/);
          expect(() => future.exception).toThrow(/'cancelled'/);
          expectWellFormed(log);
        },
      );

      it('a task that raises after cancel() ends cancelled, never failed, with no exception recorded', async () => {
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.holdThenThrow, args: [probe, 'too late'] }),
        );
        await waitUntil(probe, 'ready', 1, WAIT);
        expect(future.cancel()).toBe(true);
        write(probe, 'release', 1);
        await settle(future);
        expect(read(probe, 'resumed')).toBe(1);
        expect(future.state).toBe('cancelled');
        expect(() => future.exception).toThrow(/'cancelled'/);
        expectWellFormed(log);
      });

      it('keeps the snapshot in step with the state', async () => {
        const { future } = track(executor, new BackgroundCall({ callable: tasks.double, args: [4] }));
        const first = future.getSnapshot();
        expect(first).toMatchObject({ state: 'waiting', cancellable: true, done: false });
        expect(future.getSnapshot()).toBe(first);
        await settle(future);
        expect(future.getSnapshot()).toMatchObject({ state: 'completed', done: true, result: 8 });
      });
    });

    group('cancellation, by task kind (SPEC §3.6)', () => {
      it.each(repetitions(5))(
        'iteration: checked before each item; no item after cancel(); the generator is closed and its finally ran (run %i)',
        async () => {
          const probe = newProbe();
          const { future, log } = track(
            executor,
            new BackgroundIteration({ callable: tasks.holdingGenerator, args: [probe, 3] }),
            { extra: ['resultEvent'] },
          );
          await waitUntil(probe, 'ready', 1, WAIT);
          await waitFor(future, 'resultEvent', () => log.payloads('future', 'resultEvent').length === 3, {
            timeout: WAIT,
          });
          expect(future.cancel()).toBe(true);
          // The generator now yields item 3 (which must be dropped) and must not be asked for item 4.
          write(probe, 'release', 1);
          await settle(future);

          expect(log.payloads('future', 'resultEvent')).toEqual([0, 1, 2]);
          if (subject.cancelReachesTaskAtOnce === false) {
            expect(read(probe, 'produced')).toBeGreaterThanOrEqual(4);
          } else {
            expect(read(probe, 'produced')).toBe(4);
          }
          expect(read(probe, 'finallyRan')).toBe(1);
          expect(future.state).toBe('cancelled');
          expectWellFormed(log);
        },
      );

      it('iteration: a synchronous generator that never yields to its event loop sees the cancel before its next item', async ({
        skip,
      }) => {
        // A loop on the main thread cannot be reached by a cancel() from that same thread.
        if (subject.runsOnMainThread) skip();
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundIteration({ callable: tasks.spinningGenerator, args: [probe] }),
          { extra: ['resultEvent'] },
        );
        await waitUntil(probe, 'produced', 1000, WAIT);
        expect(future.cancel()).toBe(true);
        const itemsAtCancel = log.payloads('future', 'resultEvent').length;
        await settle(future);

        expect(future.state).toBe('cancelled');
        expect(read(probe, 'finallyRan')).toBe(1);
        expect(read(probe, 'release')).toBe(0);
        const items = log.payloads('future', 'resultEvent');
        expect(items).toHaveLength(itemsAtCancel);
        expect(items).toEqual(range(items.length));
        expectWellFormed(log);
      });

      it('progress: the next progress() call throws TaskCancelled inside the task; the future ends cancelled', async () => {
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundProgress({ callable: tasks.progressUntilCancelled, args: [probe] }),
          { extra: ['progress'] },
        );
        await waitUntil(probe, 'ready', 1, WAIT);
        await waitFor(future, 'progress', () => log.payloads('future', 'progress').length === 1, {
          timeout: WAIT,
        });
        expect(future.cancel()).toBe(true);
        write(probe, 'release', subject.cancelReachesTaskAtOnce === false ? 2 : 1);
        await settle(future);

        expect(read(probe, 'observed')).toBe(1);
        expect(read(probe, 'resumed')).toBe(0);
        expect(log.payloads('future', 'progress')).toEqual([1]);
        expect(future.state).toBe('cancelled');
        expectWellFormed(log);
      });

      it('a task spinning synchronously on currentTask().cancelled() sees the cancel without yielding', async ({
        skip,
      }) => {
        if (subject.runsOnMainThread) skip();
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.spinUntilCancelled, args: [probe] }),
        );
        await waitUntil(probe, 'ready', 1, WAIT);
        expect(future.cancel()).toBe(true);
        await settle(future);
        expect(read(probe, 'observed')).toBe(1);
        expect(future.state).toBe('cancelled');
        expectWellFormed(log);
      });

      it("an async task's currentTask().signal aborts on cancel(), with a TaskCancelled reason", async () => {
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.awaitAbort, args: [probe] }),
        );
        await waitUntil(probe, 'ready', 1, WAIT);
        expect(future.cancel()).toBe(true);
        // No release: only the abort can end this task before the suite's safety net.
        await settle(future);
        expect(read(probe, 'observed')).toBe(1);
        expect(future.state).toBe('cancelled');
        expectWellFormed(log);
      });

      it.each(repetitions(3))(
        'cancel({ force: true }) ends a task that never checks promptly; others are unaffected; the next task runs (run %i)',
        async () => {
          // Contexts that can terminate (threads, processes): the task spins forever and only
          // termination ends it. The inline context cannot stop running code: force ends the
          // future at once and whatever the task does later is ignored.
          const stubborn = newProbe();
          const bystander = newProbe();
          const forced = track(executor, ignoringCancel(stubborn), { source: 'forced' });
          const other = track(
            executor,
            new BackgroundCall({ callable: tasks.holdThenReturn, args: [bystander, 'bystander'] }),
            { log: forced.log, source: 'other' },
          );
          await waitUntil(stubborn, 'ready', 1, WAIT);
          await waitUntil(bystander, 'ready', 1, WAIT);
          await reach(forced.future, 'executing');

          expect(forced.future.cancel({ force: true })).toBe(true);
          await settle(forced.future);
          expect(forced.future.state).toBe('cancelled');
          expect(() => forced.future.exception).toThrow(/'cancelled'/);
          expect(read(stubborn, 'resumed')).toBe(0);
          expectWellFormed(forced.log, 'forced');
          expect(other.future.state).toBe('executing');

          write(bystander, 'release', 1);
          await settle(other.future);
          expect(other.future.result).toBe('bystander');

          const next = submitCall(executor, tasks.double, 50);
          await settle(next);
          expect(next.result).toBe(100);

          if (!subject.supportsForceTermination) {
            // The task's code runs on; its late result must not reach the future.
            const historyLength = forced.log.of('forced').length;
            write(stubborn, 'release', 1);
            await waitUntil(stubborn, 'resumed', 1, WAIT);
            await nextTurn();
            await nextTurn();
            expect(forced.log.of('forced')).toHaveLength(historyLength);
            expect(forced.future.state).toBe('cancelled');
          }
        },
      );

      it('cancel({ force: true }) on a task waiting in the queue ends it cancelled; it never runs', async () => {
        const blockers =
          subject.maxConcurrency === undefined ? [] : await occupyAllWorkers(subject.maxConcurrency);
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundCall({ callable: tasks.recordRun, args: [probe, 'ran'] }),
        );
        expect(future.cancel({ force: true })).toBe(true);
        await settle(future);
        for (const blocker of blockers) write(blocker, 'release', 1);
        expect(future.state).toBe('cancelled');
        expect(read(probe, 'runs')).toBe(0);
        expectWellFormed(log);
      });
    });

    group('executor lifecycle over the context (SPEC §3.2)', () => {
      it('stop() with tasks in flight: futures cancelling before the executor stopping; stopped after the last done', async () => {
        const log = new EventLog();
        log.watch(executor, 'executor', EXECUTOR_NAMES);
        const first = newProbe();
        const second = newProbe();
        const a = track(
          executor,
          new BackgroundCall({ callable: tasks.holdThenReturn, args: [first, 'a'] }),
          {
            log,
            source: 'a',
          },
        );
        const b = track(
          executor,
          new BackgroundCall({ callable: tasks.holdThenReturn, args: [second, 'b'] }),
          {
            log,
            source: 'b',
          },
        );
        await waitUntil(first, 'ready', 1, WAIT);
        await waitUntil(second, 'ready', 1, WAIT);
        await reach(a.future, 'executing');
        await reach(b.future, 'executing');
        const before = log.events.length;

        executor.stop();
        expect(executor.state).toBe('stopping');
        expect(
          log.events.slice(before).map((event) => [event.source, event.name, event.old, event.new]),
        ).toEqual([
          ['a', 'state', 'executing', 'cancelling'],
          ['a', 'cancellable', true, false],
          ['b', 'state', 'executing', 'cancelling'],
          ['b', 'cancellable', true, false],
          ['executor', 'state', 'running', 'stopping'],
          ['executor', 'running', true, false],
        ]);

        write(first, 'release', 1);
        await settle(a.future);
        expect(executor.state).toBe('stopping');
        write(second, 'release', 1);
        await waitFor(executor, 'stopped', (candidate) => candidate.stopped, { timeout: WAIT });

        const tail = log.events.slice(-4).map((event) => [event.source, event.name, event.old, event.new]);
        expect(tail).toEqual([
          ['b', 'state', 'cancelling', 'cancelled'],
          ['b', 'done', false, true],
          ['executor', 'state', 'stopping', 'stopped'],
          ['executor', 'stopped', false, true],
        ]);
        expect([a.future.state, b.future.state]).toEqual(['cancelled', 'cancelled']);
        expectWellFormed(log, 'a');
        expectWellFormed(log, 'b');
        await executor.shutdown({ timeout: WAIT });
      });

      it('stop() with nothing in flight passes through stopping to stopped at once', () => {
        const log = new EventLog();
        log.watch(executor, 'executor', EXECUTOR_NAMES);
        executor.stop();
        expect(log.of('executor')).toEqual([
          ['state', 'running', 'stopping'],
          ['running', true, false],
          ['state', 'stopping', 'stopped'],
          ['stopped', false, true],
        ]);
        expect(() => executor.stop()).toThrow(Error);
      });

      it('shutdown() resolves once every future is done, running or queued', async () => {
        const probe = newProbe();
        const held = submitCall(executor, tasks.holdThenReturn, probe, 'held');
        await waitUntil(probe, 'ready', 1, WAIT);
        const others = range(5).map((index) => submitCall(executor, tasks.double, index));
        const shutdown = executor.shutdown({ timeout: WAIT });
        expect(executor.state).toBe('stopping');
        expect([held, ...others].map((future) => future.state)).toEqual(Array(6).fill('cancelling'));
        write(probe, 'release', 1);
        await within(shutdown, 'shutdown()');
        expect(executor.state).toBe('stopped');
        expect([held, ...others].map((future) => future.state)).toEqual(Array(6).fill('cancelled'));
      });

      it('shutdown({ timeout }) with a task that ignores cancellation rejects and stays stopping; force, then shutdown() completes', async () => {
        const probe = newProbe();
        const { future, log } = track(executor, ignoringCancel(probe));
        await waitUntil(probe, 'ready', 1, WAIT);

        // The task never ends by itself, so this timeout runs out whatever the machine's speed.
        const error: unknown = await executor.shutdown({ timeout: 50 }).then(
          () => undefined,
          (rejection: unknown) => rejection,
        );
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/timed out/i);
        expect((error as Error).message).toMatch(/force/);
        expect(executor.state).toBe('stopping');
        expect(future.state).toBe('cancelling');

        // Escalation: a force after the cooperative cancel has an effect, and says so.
        expect(future.forceCancellable).toBe(true);
        expect(future.cancel({ force: true })).toBe(true);
        expect(future.forceCancellable).toBe(false);
        await within(executor.shutdown({ timeout: WAIT }), 'the second shutdown()');
        expect(executor.state).toBe('stopped');
        expect(future.state).toBe('cancelled');
        expect(read(probe, 'resumed')).toBe(0);
        expectWellFormed(log);
      });

      it('context.close() ends a running task as failed, saying so; run() on a closed context throws', async () => {
        const own = await makeSubject();
        const ownExecutor = new Executor({ context: own.context });
        const probe = newProbe();
        const { future, log } = track(
          ownExecutor,
          new BackgroundCall({ callable: tasks.holdThenReturn, args: [probe, 'never'] }),
        );
        await waitUntil(probe, 'ready', 1, WAIT);
        await within(own.context.close(), 'context.close()');
        expect(own.context.closed).toBe(true);
        await settle(future);
        expect(future.state).toBe('failed');
        expect(future.exception.message).toMatch(/closed/);
        expectWellFormed(log);
        expect(() => submitCall(ownExecutor, tasks.double, 1)).toThrow(/closed/);
        await within(ownExecutor.shutdown({ timeout: WAIT }), 'shutdown()');
        await dispose(own);
      });

      it('submit() after stop() throws and queues nothing', async () => {
        let runs = 0;
        const counting: ParallelContext = {
          get closed() {
            return subject.context.closed;
          },
          run: (invocation, receive) => {
            runs++;
            return subject.context.run(invocation, receive);
          },
          close: () => subject.context.close(),
        };
        const borrowing = new Executor({ context: counting });
        borrowing.stop();
        expect(() => submitCall(borrowing, tasks.double, 1)).toThrow(/stopp/);
        await borrowing.shutdown({ timeout: WAIT });
        expect(() => submitCall(borrowing, tasks.double, 1)).toThrow(Error);
        expect(runs).toBe(0);
        expect(subject.context.closed).toBe(false);
      });
    });

    group('failures (SPEC §3.3)', () => {
      async function failure(future: BaseFuture): Promise<{ type: string; message: string; stack: string }> {
        await settle(future);
        expect(future.state).toBe('failed');
        return future.exception;
      }

      it('a task that throws: the class name, message, and a stack naming the function', async () => {
        const exception = await failure(submitCall(executor, tasks.failWithRangeError, 'out of range: 7'));
        expect(exception.type).toBe('RangeError');
        expect(exception.message).toBe('out of range: 7');
        expect(exception.stack).toContain('failWithRangeError');
      });

      it('an async task that rejects', async () => {
        const exception = await failure(submitCall(executor, tasks.rejectLater, 'rejected later'));
        expect(exception.type).toBe('TypeError');
        expect(exception.message).toBe('rejected later');
        expect(exception.stack).toContain('rejectLater');
      });

      it('a thrown non-Error (`throw 5`)', async () => {
        const exception = await failure(submitCall(executor, tasks.throwNumber));
        expect(exception.type).toBe('number');
        expect(exception.message).toBe('5');
      });

      it('a missing export of a task module: the message names it and lists the exports', async () => {
        const missing = (tasks as unknown as Record<string, TaskReference<() => number>>)['noSuchExport']!;
        const exception = await failure(submitCall(executor, missing));
        expect(exception.message).toContain('noSuchExport');
        expect(exception.message).toContain('contract-tasks');
        expect(exception.message).toContain('failWithRangeError');
        expect(exception.message).toContain('double');
      });

      it('an iteration function that returns a non-iterable', async () => {
        const notIterable = tasks.notIterable as unknown as TaskReference<() => Iterable<number>>;
        const exception = await failure(submitIteration(executor, notIterable));
        expect(exception.type).toBe('TypeError');
        expect(exception.message).toMatch(/Iterable/);
        expect(exception.message).toContain('submitCall');
      });

      it('an inline function using an outer variable fails with advice, unless the context runs closures', async () => {
        const outerValue = 41;
        const future = submitCall(executor, () => outerValue + 1);
        await settle(future);
        if (subject.supportsCloning) {
          expect(future.state).toBe('failed');
          expect(future.exception.type).toBe('ReferenceError');
          expect(future.exception.message).toContain('`outerValue`');
          expect(future.exception.message).toMatch(/argument/);
        } else {
          expect(future.result).toBe(42);
        }
      });

      it('a self-contained inline function runs', async () => {
        const future = submitCall(executor, (a: number, b: number) => a * b, 6, 7);
        await settle(future);
        expect(future.result).toBe(42);
      });

      it('an argument structured clone rejects: the message says which argument and what to pass instead', async ({
        skip,
      }) => {
        if (!subject.supportsCloning) skip();
        const nested = await failure(submitCall(executor, tasks.identity, { callback: () => 1 }));
        expect(nested.type).toBe('SerializationError');
        expect(nested.message).toMatch(/Argument 0\b/);
        expect(nested.message).toMatch(/structured clone/);

        const second = await failure(submitCall(executor, tasks.countArguments, 1, new WeakMap()));
        expect(second.message).toMatch(/Argument 1\b/);

        const symbol = await failure(submitCall(executor, tasks.identity, Symbol('not cloneable')));
        expect(symbol.type).toBe('SerializationError');
      });

      it('a result, an item or a progress value structured clone rejects', async ({ skip }) => {
        if (!subject.supportsCloning) skip();
        const result = await failure(submitCall(executor, tasks.returnUncloneable));
        expect(result.type).toBe('SerializationError');
        expect(result.message).toMatch(/result/i);
        expect(result.message).toMatch(/structured clone/);

        const iteration = submitIteration(executor, tasks.yieldUncloneable);
        const items: unknown[] = [];
        iteration.observe('resultEvent', (event) => items.push(event.new));
        const item = await failure(iteration);
        expect(item.type).toBe('SerializationError');
        expect(item.message).toMatch(/structured clone/);
        expect(items).toEqual([1]);

        const progressFuture = submitProgress(executor, tasks.progressUncloneable);
        const reports: unknown[] = [];
        progressFuture.observe('progress', (event) => reports.push(event.new));
        const progress = await failure(progressFuture);
        expect(progress.type).toBe('SerializationError');
        expect(progress.message).toMatch(/structured clone/);
        expect(reports).toEqual([1]);
      });

      it('values are passed by reference, not cloned, where the context does not clone', async ({ skip }) => {
        if (subject.supportsCloning) skip();
        const argument = { callback: () => 1 };
        const future = submitCall(executor, tasks.identity, argument);
        await settle(future);
        expect(future.result).toBe(argument);
      });
    });

    group('streaming', () => {
      it('10,000 items of a synchronous generator arrive once each, in order; then the return value', async () => {
        const { future, log } = track(
          executor,
          new BackgroundIteration({ callable: tasks.count, args: [10_000] }),
          {
            extra: ['resultEvent'],
          },
        );
        await settle(future);
        expect(log.payloads('future', 'resultEvent')).toEqual(range(10_000));
        expect(future.result).toBe('counted 10000');
        expect(future.getSnapshot()).toMatchObject({ itemCount: 10_000, latestItem: 9999 });
        expectWellFormed(log);
      });

      it('10,000 items of an async generator arrive once each, in order; then the return value', async () => {
        const { future, log } = track(
          executor,
          new BackgroundIteration({ callable: tasks.countAsync, args: [10_000] }),
          { extra: ['resultEvent'] },
        );
        await settle(future);
        expect(log.payloads('future', 'resultEvent')).toEqual(range(10_000));
        expect(future.result).toBe('counted 10000');
        expectWellFormed(log);
      });

      it('values() yields every item, then ends', async () => {
        const future = submitIteration(executor, tasks.count, 2000);
        const collect = async (): Promise<number[]> => {
          const items: number[] = [];
          for await (const item of future.values()) items.push(item);
          return items;
        };
        expect(await within(collect(), 'values() to end')).toEqual(range(2000));
        expect(future.result).toBe('counted 2000');
      });

      it('progress reports arrive once each, in order; then the result', async () => {
        const { future, log } = track(
          executor,
          new BackgroundProgress({ callable: tasks.reportProgress, args: [1000] }),
          { extra: ['progress'] },
        );
        await settle(future);
        expect(log.payloads('future', 'progress')).toEqual(range(1000));
        expect(future.result).toBe('reported');
        expectWellFormed(log);
      });
    });

    group('a custom task kind: Fizz-Buzz (SPEC §3.7)', () => {
      it('sends fizz, buzz and fizzBuzz through the default dispatch; its return value is the result', async () => {
        const probe = newProbe();
        const { future, log } = track(executor, new BackgroundFizzBuzz(fizzBuzzTasks, probe, 30), {
          extra: ['fizz', 'buzz', 'fizzBuzz'],
        });
        await settle(future);
        const messages = log.events
          .filter((event) => !LIFECYCLE_NAMES.has(event.name))
          .map((event) => [event.name, event.new]);
        expect(messages).toEqual(fizzBuzzMessages(30));
        expect(future.result).toBe(30);
        expectWellFormed(log);
      });

      it('observe("fizz") works with no subclass code; stops when cancelled and ends cancelled', async () => {
        const probe = newProbe();
        const { future, log } = track(executor, new BackgroundFizzBuzz(fizzBuzzTasks, probe, 1_000_000), {
          extra: ['fizz', 'buzz', 'fizzBuzz'],
        });
        const fizzes: unknown[] = [];
        future.observe('fizz', (event) => fizzes.push(event.new));
        await waitFor(future, 'fizzBuzz', () => log.payloads('future', 'fizzBuzz').length > 0, {
          timeout: WAIT,
        });
        expect(future.cancel()).toBe(true);
        const messagesAtCancel = log.events.filter((event) => !LIFECYCLE_NAMES.has(event.name)).length;
        await settle(future);

        const messages = log.events
          .filter((event) => !LIFECYCLE_NAMES.has(event.name))
          .map((event) => [event.name, event.new]);
        expect(messages).toHaveLength(messagesAtCancel);
        expect(messages.slice(0, 7)).toEqual([
          ['fizz', 3],
          ['buzz', 5],
          ['fizz', 6],
          ['fizz', 9],
          ['buzz', 10],
          ['fizz', 12],
          ['fizzBuzz', 15],
        ]);
        expect(messages).toEqual(fizzBuzzMessages(Number(messages.at(-1)?.[1])));
        expect(fizzes.slice(0, 4)).toEqual([3, 6, 9, 12]);
        expect(future.state).toBe('cancelled');
        expect(read(probe, 'observed')).toBe(1);
        expect(read(probe, 'produced')).toBeLessThan(1_000_000);
        expectWellFormed(log);
      });
    });

    group('message delivery (SPEC §3.8a)', () => {
      /**
       * Waits until the future has `count` payloads of `event` while the task waits for the
       * test: a message held back until the task's next one never arrives here.
       */
      async function arrivesWhileHeld(
        future: BaseFuture<unknown, { resultEvent: unknown; progress: unknown }>,
        log: EventLog,
        event: 'resultEvent' | 'progress',
        count: number,
      ): Promise<void> {
        try {
          await waitFor(future, event, () => log.payloads('future', event).length >= count, {
            timeout: WAIT,
          });
        } catch (error) {
          throw new Error(
            `Message ${count} (\`${event}\`) did not reach the future while the task waited for the test to release it: ` +
              `it was held back until the task's next message (${error instanceof Error ? error.message : String(error)})`,
          );
        }
      }

      /**
       * Releases a task that sends `event` payloads 0 … steps-1 and, after each, waits until
       * the test releases it: each payload must reach the future while the task is held. Then
       * the task completes, with every payload delivered once, in order.
       */
      async function releaseStepByStep(
        future: BaseFuture<unknown, { resultEvent: unknown; progress: unknown }>,
        log: EventLog,
        probe: Probe,
        event: 'resultEvent' | 'progress',
        steps: number,
      ): Promise<void> {
        try {
          for (const step of range(steps)) {
            await arrivesWhileHeld(future, log, event, step + 1);
            expect(read(probe, 'release')).toBe(step);
            write(probe, 'release', step + 1);
          }
        } finally {
          write(probe, 'release', steps);
        }
        await settle(future);
        expect(future.state).toBe('completed');
        expect(log.payloads('future', event)).toEqual(range(steps));
        expectWellFormed(log);
      }

      it('an item reaches the future while the task, having yielded it, blocks until the test releases it (3 steps)', async () => {
        const probe = newProbe();
        // On the main thread a task cannot block: it waits asynchronously instead.
        const specification = subject.runsOnMainThread
          ? new BackgroundIteration({ callable: tasks.yieldThenWait, args: [probe, 3] })
          : new BackgroundIteration({ callable: tasks.yieldThenBlock, args: [probe, 3] });
        const { future, log } = track(executor, specification, { extra: ['resultEvent'] });
        await releaseStepByStep(future, log, probe, 'resultEvent', 3);
      });

      it('a progress report reaches the future while the task, having sent it, blocks until the test releases it (3 steps)', async () => {
        const probe = newProbe();
        const specification = subject.runsOnMainThread
          ? new BackgroundProgress({ callable: tasks.progressThenWait, args: [probe, 3] })
          : new BackgroundProgress({ callable: tasks.progressThenBlock, args: [probe, 3] });
        const { future, log } = track(executor, specification, { extra: ['progress'] });
        await releaseStepByStep(future, log, probe, 'progress', 3);
      });

      it('a burst of items reaches the future while the task spins on cancelled() without yielding to its event loop', async ({
        skip,
      }) => {
        if (subject.runsOnMainThread) skip();
        const probe = newProbe();
        const { future, log } = track(
          executor,
          new BackgroundIteration({ callable: tasks.burstThenSpin, args: [probe, 5] }),
          { extra: ['resultEvent'] },
        );
        try {
          await arrivesWhileHeld(future, log, 'resultEvent', 5);
        } finally {
          write(probe, 'release', 1);
        }
        await settle(future);
        expect(log.payloads('future', 'resultEvent')).toEqual(range(5));
        expectWellFormed(log);
      });
    });

    group('transfer', () => {
      it('a transferred ArrayBuffer argument reaches the task (and is moved, where values are cloned)', async () => {
        const bytes = Uint8Array.from(range(1024), (index) => index % 256);
        const expected = bytes.reduce((total, byte) => total + byte, 0);
        const buffer = bytes.buffer;
        const future = submitCall(executor, tasks.sumBytes, transfer(buffer, [buffer]));
        await settle(future);
        expect(future.result).toBe(expected);
        expect(buffer.byteLength).toBe((subject.supportsTransfer ?? subject.supportsCloning) ? 0 : 1024);
      });

      it('a transferred result arrives intact', async () => {
        const future = submitCall(executor, tasks.makeBuffer, 4096);
        await settle(future);
        const result = new Uint8Array(future.result);
        expect(result).toHaveLength(4096);
        expect(result.every((byte, index) => byte === index % 256)).toBe(true);
      });

      it('transferred items arrive intact, in order', async () => {
        const future = submitIteration(executor, tasks.makeBuffers, 5, 64);
        const items: ArrayBuffer[] = [];
        future.observe('resultEvent', (event) => items.push(event.new));
        await settle(future);
        expect(future.state).toBe('completed');
        expect(items.map((item) => [item.byteLength, new Uint8Array(item)[63]])).toEqual(
          range(5).map((index) => [64, index]),
        );
      });
    });
  });
}
