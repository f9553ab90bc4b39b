// The model of the property tests: generated scripts of executor operations, and the checker
// of the invariants every future and executor must keep, whatever the interleaving.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { BaseFuture, Executor, ExecutorState, FutureState } from 'reactive-futures';

/** How a generated task ends. */
export type Ending = 'return' | 'throw' | 'spin';
/** The built-in task kinds. */
export type TaskKind = 'call' | 'iteration' | 'progress';

/** One step of a generated script. */
export type Action =
  | { readonly type: 'submit'; readonly kind: TaskKind; readonly count: number; readonly ending: Ending }
  | { readonly type: 'cancel'; readonly target: number; readonly force: boolean }
  | { readonly type: 'advance'; readonly steps: number }
  | { readonly type: 'stop' }
  | { readonly type: 'shutdown'; readonly timeout: number | undefined };

/** Generates scripts of at most `maxLength` actions, mostly submissions, cancels and waits. */
export function scriptArbitrary(maxLength: number): fc.Arbitrary<Action[]> {
  const action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant('submit' as const),
        kind: fc.constantFrom<TaskKind>('call', 'iteration', 'progress'),
        count: fc.integer({ min: 0, max: 4 }),
        ending: fc.constantFrom<Ending>('return', 'throw', 'spin'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('cancel' as const),
        target: fc.nat({ max: 20 }),
        force: fc.boolean(),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({ type: fc.constant('advance' as const), steps: fc.integer({ min: 1, max: 8 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'stop' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('shutdown' as const),
        timeout: fc.option(fc.constantFrom(0, 1, 5), { nil: undefined }),
      }),
    },
  );
  return fc.array(action, { minLength: Math.min(4, maxLength), maxLength, size: 'max' });
}

const FINAL: readonly FutureState[] = ['completed', 'failed', 'cancelled'];
const ALLOWED = new Set([
  'waiting>executing',
  'waiting>cancelling',
  'executing>completed',
  'executing>failed',
  'executing>cancelling',
  'cancelling>cancelled',
]);
const EXECUTOR_ORDER: readonly ExecutorState[] = ['running', 'stopping', 'stopped'];

interface Tracked {
  readonly future: BaseFuture;
  readonly events: string[];
  /** The index in `events` at which cancel() took effect (state became `cancelling`). */
  cancelledAt: number | undefined;
}

/** Watches futures and an executor, and checks the invariants. */
export class InvariantChecker {
  readonly tracked: Tracked[] = [];
  readonly executorStates: ExecutorState[] = [];
  readonly problems: string[] = [];

  /** How many future events were seen so far. */
  get eventCount(): number {
    return this.tracked.reduce((total, { events }) => total + events.length, 0);
  }

  constructor(executor: Executor) {
    this.executorStates.push(executor.state);
    executor.observe('state', (event) => this.executorStates.push(event.new as ExecutorState));
  }

  /** Starts watching `future`; `payload` is its per-item event (`resultEvent`, `progress`). */
  track(future: BaseFuture, payload: string | undefined): void {
    const entry: Tracked = { future, events: [], cancelledAt: undefined };
    this.tracked.push(entry);
    let state: FutureState = future.state;
    future.observe('state', (event) => {
      const next = event.new;
      if (!ALLOWED.has(`${state}>${next}`)) this.problems.push(`transition ${state} → ${next}`);
      state = next;
      entry.events.push(`state:${next}`);
      if (next === 'cancelling') entry.cancelledAt = entry.events.length;
    });
    future.observe('done', () => entry.events.push('done'));
    // The payload event depends on the kind: observed through the untyped signature.
    const observeAny = future.observe.bind(future) as (name: string, handler: () => void) => () => void;
    if (payload !== undefined) observeAny(payload, () => entry.events.push(payload));
  }

  /** Cancels the `target`-th future (modulo how many there are), checking what cancel() says. */
  cancel(target: number, force: boolean): boolean {
    if (this.tracked.length === 0) return false;
    const entry = this.tracked[target % this.tracked.length] as Tracked;
    const cancellable = entry.future.cancellable;
    const forceCancellable = entry.future.forceCancellable;
    const accepted = entry.future.cancel({ force });
    // A cancel has an effect when cancellable; a force also while forcing is still possible (escalation).
    const expected = cancellable || (force && forceCancellable);
    if (accepted !== expected) {
      this.problems.push(
        `cancel({ force: ${force} }) returned ${accepted} when cancellable was ${cancellable} and forceCancellable ${forceCancellable}`,
      );
    }
    if (accepted && entry.future.state !== 'cancelling') {
      this.problems.push(`cancel() returned true but the state is ${entry.future.state}`);
    }
    if (force && entry.future.forceCancellable)
      this.problems.push('forceCancellable still true after a force');
    return accepted;
  }

  /** Checks every invariant; call after `shutdown()` resolved. */
  checkFinal(): void {
    for (const [index, { future, events, cancelledAt }] of this.tracked.entries()) {
      const label = `future ${index} (${events.join(' ')})`;
      if (!FINAL.includes(future.state)) this.problems.push(`${label} is unfinished after shutdown()`);
      const doneCount = events.filter((event) => event === 'done').length;
      if (doneCount !== 1) this.problems.push(`${label}: done fired ${doneCount} times`);
      if (events.at(-1) !== 'done') this.problems.push(`${label}: done is not the last event`);
      if (cancelledAt !== undefined) {
        const late = events
          .slice(cancelledAt)
          .filter((event) => !event.startsWith('state:') && event !== 'done');
        if (late.length > 0) this.problems.push(`${label}: ${late.join(', ')} after cancel()`);
        if (future.state !== 'cancelled')
          this.problems.push(`${label}: cancelled, yet ended ${future.state}`);
      }
    }
    const order = this.executorStates.map((state) => EXECUTOR_ORDER.indexOf(state));
    if (order.some((position, index) => index > 0 && position <= (order[index - 1] as number))) {
      this.problems.push(`executor states went ${this.executorStates.join(' → ')}`);
    }
    if (this.executorStates.at(-1) !== 'stopped') this.problems.push('the executor did not reach stopped');
    if (this.problems.length > 0) throw new Error(`Invariants broken:\n${this.problems.join('\n')}`);
  }
}

/** How a script's time passes, per context. */
export interface Driver {
  /**
   * Lets the background and the message deliveries make some progress. `changes()` counts the
   * future events seen so far, for drivers that wait for progress in real time.
   */
  advance(steps: number, changes: () => number): Promise<void>;
  /** Resolves with `promise`, making progress meanwhile; rejects if it takes far too long. */
  drive<T>(promise: Promise<T>): Promise<T>;
}

/** Submits a generated task. */
export type Submit = (kind: TaskKind, count: number, ending: Ending) => BaseFuture;

const PAYLOAD: Readonly<Record<TaskKind, string | undefined>> = {
  call: undefined,
  iteration: 'resultEvent',
  progress: 'progress',
};

/** What the scripts played so far did, to check that the generator explores every outcome. */
export type Coverage = Record<FutureState | 'shutdownTimedOut' | 'forced', number>;

/** An empty {@link Coverage}. */
export function emptyCoverage(): Coverage {
  return {
    waiting: 0,
    executing: 0,
    cancelling: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    shutdownTimedOut: 0,
    forced: 0,
  };
}

/** Plays `script` against `executor`, then shuts it down and checks every invariant. */
export async function playScript(
  script: readonly Action[],
  executor: Executor,
  submit: Submit,
  driver: Driver,
  coverage: Coverage = emptyCoverage(),
): Promise<void> {
  const checker = new InvariantChecker(executor);
  const shutdowns: Promise<void>[] = [];
  const onShutdown = (): void => {
    const unfinished = checker.tracked.filter(({ future }) => !future.done).length;
    if (unfinished > 0) checker.problems.push(`${unfinished} futures unfinished when shutdown() resolved`);
    if (executor.state !== 'stopped') checker.problems.push(`shutdown() resolved in state ${executor.state}`);
  };
  for (const action of script) {
    switch (action.type) {
      case 'submit':
        if (executor.running) {
          const future = submit(action.kind, action.count, action.ending);
          if (future.state !== 'waiting') checker.problems.push(`submit() returned a ${future.state} future`);
          checker.track(future, PAYLOAD[action.kind]);
        } else {
          expect(() => submit(action.kind, action.count, action.ending)).toThrow(/Cannot submit a task/);
        }
        break;
      case 'cancel':
        if (checker.cancel(action.target, action.force) && action.force) coverage.forced++;
        break;
      case 'advance':
        await driver.advance(action.steps, () => checker.eventCount);
        break;
      case 'stop':
        if (executor.running) executor.stop();
        else expect(() => executor.stop()).toThrow(/Cannot stop/);
        break;
      case 'shutdown':
        shutdowns.push(
          executor
            .shutdown(action.timeout === undefined ? {} : { timeout: action.timeout })
            .then(onShutdown, (error: unknown) => {
              coverage.shutdownTimedOut++;
              if (!(error instanceof Error) || error.name !== 'ShutdownTimeoutError') {
                checker.problems.push(`shutdown() rejected with ${String(error)}`);
              }
              if (executor.state !== 'stopping') {
                checker.problems.push(`shutdown() timed out in state ${executor.state}`);
              }
            }),
        );
        break;
    }
  }
  await driver.drive(executor.shutdown().then(onShutdown));
  await driver.drive(Promise.all(shutdowns));
  checker.checkFinal();
  for (const { future } of checker.tracked) coverage[future.state]++;
}
