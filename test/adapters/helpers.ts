import { Executor, InlineContext, type BaseFuture } from './neutral.js';
import { ManualScheduler } from 'reactive-futures/testing';

/** An executor on the main thread whose messages are delivered only when the test says so. */
export function manualExecutor(): { readonly executor: Executor; readonly scheduler: ManualScheduler } {
  const scheduler = new ManualScheduler();
  const executor = new Executor({ context: new InlineContext({ schedule: scheduler.schedule }) });
  return { executor, scheduler };
}

/** Lets every pending promise job run (a task may await between its messages). */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs scheduled callbacks, and the promise jobs they start, until `condition` holds.
 * Fails after `rounds` rounds instead of hanging.
 */
export async function driveUntil(
  scheduler: ManualScheduler,
  condition: () => boolean,
  rounds = 100,
): Promise<void> {
  for (let round = 0; round < rounds && !condition(); round++) {
    scheduler.runAll();
    await nextMacrotask();
  }
  if (!condition()) throw new Error(`driveUntil: condition still false after ${rounds} rounds`);
}

/** Stops `executor` and drives its scheduler until it is stopped. */
export async function stopManual(executor: Executor, scheduler: ManualScheduler): Promise<void> {
  const shutdown = executor.shutdown();
  await driveUntil(scheduler, () => executor.stopped);
  await shutdown;
}

/** Live listener counts of a future, wrapped by {@link countListeners}. */
export interface ListenerCounts {
  /** Listeners added with `subscribe` and not yet removed. */
  readonly subscribers: number;
  /** Handlers added with `observe` and not yet removed. */
  readonly observers: number;
  /** How many times `subscribe` was called in all. */
  readonly subscribeCalls: number;
}

/**
 * Wraps the `subscribe` and `observe` of one future instance so a test can see how many
 * listeners are attached. Wrap before handing the future to a binding.
 */
export function countListeners(future: BaseFuture): ListenerCounts {
  const counts = { subscribers: 0, observers: 0, subscribeCalls: 0 };
  const subscribe = future.subscribe.bind(future);
  const observe = future.observe.bind(future);
  const writable = future as { observe: BaseFuture['observe'] };
  // `subscribe` is an accessor of the class (a function bound at first use): shadow it.
  const counted: BaseFuture['subscribe'] = (listener) => {
    counts.subscribers += 1;
    counts.subscribeCalls += 1;
    const unsubscribe = subscribe(listener);
    let active = true;
    return () => {
      if (active) counts.subscribers -= 1;
      active = false;
      unsubscribe();
    };
  };
  Object.defineProperty(future, 'subscribe', { value: counted, configurable: true });
  writable.observe = (name, handler) => {
    counts.observers += 1;
    const stop = observe(name, handler);
    let active = true;
    return () => {
      if (active) counts.observers -= 1;
      active = false;
      stop();
    };
  };
  return counts;
}
