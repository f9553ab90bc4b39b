// Shared helpers of the fault matrix: the contexts under test, how to tell that none of their
// workers or child processes is left, and waits that always time out.
import { readdirSync } from 'node:fs';
import {
  Executor,
  InlineContext,
  ProcessContext,
  WorkerContext,
  type BaseFuture,
  type ParallelContext,
  type ProcessContextOptions,
  type RunOptions,
  type WorkerContextOptions,
} from 'reactive-futures';
import { waitFor } from 'reactive-futures/testing';

/** The kinds of context a fault is tested in. */
export type ContextKind = 'inline' | 'worker' | 'process';

/** Options any context of the matrix may get (ignored where they do not apply). */
export type FaultContextOptions = WorkerContextOptions & ProcessContextOptions;

/** A context under test, with what is needed to check it left nothing behind. */
export interface ContextUnderTest {
  readonly kind: ContextKind;
  readonly context: ParallelContext;
  readonly executor: Executor;
  /** Run options for the next task only (e.g. a `timeout`), passed to the context's `run`. */
  nextRunOptions: RunOptions | undefined;
  /** Every child process id seen so far (process context only). */
  readonly seenProcessIds: Set<number>;
  /** Records the child processes alive now. */
  notePids(): void;
  /** How many workers or children the pool holds now (0 for inline). */
  workerCount(): number;
}

const SETTLE_TIMEOUT = 30_000;

/** Makes a context of `kind` and an executor borrowing it. */
export function createContext(kind: ContextKind, options: FaultContextOptions = {}): ContextUnderTest {
  const context =
    kind === 'inline'
      ? new InlineContext()
      : kind === 'worker'
        ? new WorkerContext({ maxWorkers: 2, ...pick(options, ['resourceLimits', 'taskTimeout']) })
        : new ProcessContext({ maxWorkers: 2, ...pick(options, ['resourceLimits', 'taskTimeout']) });
  const seenProcessIds = new Set<number>();
  // The executor gives no per-task options to its context yet: pass them on by hand.
  const passOptions: ParallelContext = {
    get closed() {
      return context.closed;
    },
    run: (invocation, receive) => {
      const options = setup.nextRunOptions;
      setup.nextRunOptions = undefined;
      return context instanceof InlineContext
        ? context.run(invocation, receive)
        : context.run(invocation, receive, options);
    },
    close: () => context.close(),
  };
  const setup: ContextUnderTest = {
    kind,
    context,
    executor: new Executor({ context: passOptions }),
    nextRunOptions: undefined,
    seenProcessIds,
    notePids: () => {
      if (context instanceof ProcessContext) for (const pid of context.processIds) seenProcessIds.add(pid);
    },
    workerCount: () =>
      context instanceof WorkerContext || context instanceof ProcessContext ? context.workerCount : 0,
  };
  return setup;
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked as Pick<T, K>;
}

/** Resolves when `future` is done; rejects after a generous timeout. */
export async function settle<TFuture extends BaseFuture>(future: TFuture): Promise<TFuture> {
  await waitFor(future, 'done', (f) => f.done, { timeout: SETTLE_TIMEOUT });
  return future;
}

/** Resolves when `future` is executing (or already further along). */
export async function executing(future: BaseFuture): Promise<void> {
  await waitFor(future, 'state', (f) => f.state !== 'waiting', { timeout: SETTLE_TIMEOUT });
}

/** Whether a process with id `pid` exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How many OS threads this process has (Linux): a worker thread is one of them. */
export function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** How many child process handles this process holds. */
export function processHandleCount(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'ProcessWrap').length;
}
