/**
 * A custom task kind (SPEC §3.7): Fizz Buzz. Everything a kind needs lives in this one module:
 * the background runner, the future that receives its messages, the task specification that
 * pairs them, and a `submitFizzBuzz` convenience function. The main thread imports the
 * future and `submitFizzBuzz`; the worker imports the module only to run `fizzBuzz`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BaseFuture,
  taskModule,
  type CancelCallback,
  type Executor,
  type FutureSnapshot,
  type TaskContext,
  type TaskInvocation,
  type TaskSpecification,
} from 'reactive-futures';

/** The messages the runner sends; each becomes an event of the same name on the future. */
export const FIZZ_BUZZ_MESSAGES = ['fizz', 'buzz', 'fizzBuzz'] as const;
/** One of {@link FIZZ_BUZZ_MESSAGES}. */
export type FizzBuzzMessage = (typeof FIZZ_BUZZ_MESSAGES)[number];

/**
 * The runner (background). Counts from 1, pausing `pauseMs` between numbers, and sends
 * `fizzBuzz` on multiples of 15, else `fizz` on multiples of 3 and `buzz` on multiples of 5.
 * It never ends by itself: it checks `task.cancelled()` at each step and returns when asked.
 */
export async function fizzBuzz(task: TaskContext, pauseMs: number): Promise<void> {
  for (let n = 1; !task.cancelled(); n++) {
    if (n % 15 === 0) task.send('fizzBuzz', n);
    else if (n % 3 === 0) task.send('fizz', n);
    else if (n % 5 === 0) task.send('buzz', n);
    // The pause ends early when the future is cancelled, so cancellation is seen promptly.
    await sleep(pauseMs, undefined, { signal: task.signal }).catch(() => undefined);
  }
}

/** What a Fizz-Buzz future's snapshot adds to the common fields. */
export interface FizzBuzzSnapshotExtras {
  /** How many messages arrived so far. */
  readonly messageCount: number;
  /** The latest message and its number, or `undefined` before the first. */
  readonly latest: readonly [FizzBuzzMessage, number] | undefined;
}

/**
 * The future (main thread). `BaseFuture`'s default `dispatch` already fires an event named
 * after each message; this class also keeps a count and the latest message, so that
 * `subscribe`/`getSnapshot` users (a React component, the terminal demo) see them change.
 */
export class FizzBuzzFuture extends BaseFuture<void, Record<FizzBuzzMessage, number>> {
  #messageCount = 0;
  #latest: readonly [FizzBuzzMessage, number] | undefined;

  /** How many fizz, buzz and fizzBuzz messages arrived so far. */
  get messageCount(): number {
    return this.#messageCount;
  }

  /** {@inheritDoc BaseFuture.getSnapshot} */
  declare readonly getSnapshot: () => FutureSnapshot<void, FizzBuzzSnapshotExtras>;

  // Runs on the main thread, in order, only while the future is executing.
  protected override dispatch(type: string, arg: unknown): void {
    this.#messageCount += 1;
    this.#latest = [type as FizzBuzzMessage, arg as number];
    this.invalidateSnapshot();
    super.dispatch(type, arg);
  }

  protected override snapshotExtras(): FizzBuzzSnapshotExtras {
    return { messageCount: this.#messageCount, latest: this.#latest };
  }
}

// The module refers to its own export, so the worker can find the runner by URL.
const tasks = taskModule<typeof import('./fizz-buzz-task.js')>(new URL(import.meta.url));

/** The task specification: how to make the future, and what to run in the background. */
export class BackgroundFizzBuzz implements TaskSpecification<FizzBuzzFuture> {
  /** @param pauseMs - the pause between numbers, in milliseconds. @default 10 */
  constructor(readonly pauseMs = 10) {}

  /** Makes the future, on the main thread. */
  future(cancel: CancelCallback): FizzBuzzFuture {
    return new FizzBuzzFuture(cancel);
  }

  /** Runs {@link fizzBuzz} in the background, with the pause as its argument. */
  task(): TaskInvocation {
    return { runner: tasks.fizzBuzz, args: [this.pauseMs] };
  }
}

/** Starts Fizz Buzz in the background and returns its future. */
export function submitFizzBuzz(executor: Executor, pauseMs?: number): FizzBuzzFuture {
  return executor.submit(new BackgroundFizzBuzz(pauseMs));
}
