import { submitCall, submitProgress } from 'reactive-futures';
import { futureStore, type FutureStore } from 'reactive-futures/svelte';
import { derived, get, type Readable } from 'svelte/store';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { countListeners, driveUntil, manualExecutor, stopManual } from './helpers.js';

describe('futureStore (Svelte)', () => {
  it('follows the store contract: run at once, then on each change, and unsubscribes', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitProgress(
      executor,
      (steps: number, progress: (step: number) => void) => {
        for (let step = 1; step <= steps; step++) progress(step);
        return 'done';
      },
      2,
    );
    const counts = countListeners(future);
    const store = futureStore(future);
    const values: unknown[] = [];
    const unsubscribe = store.subscribe((value) => values.push(value));
    expect(values).toEqual([future.getSnapshot()]);
    expect(counts.subscribers).toBe(1);

    await driveUntil(scheduler, () => future.done);
    expect(values.at(-1)).toBe(future.getSnapshot());
    expect(new Set(values).size).toBe(values.length);

    unsubscribe();
    unsubscribe();
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('works with get() and derived(), also on a future that finished before subscribing', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 'early');
    await driveUntil(scheduler, () => future.done);
    const counts = countListeners(future);
    const store = futureStore(future);
    expectTypeOf(store).toExtend<Readable<ReturnType<typeof future.getSnapshot>>>();

    expect(get(store)).toBe(future.getSnapshot());
    const label = derived(store, (snapshot) =>
      snapshot.state === 'completed' ? snapshot.result : snapshot.state,
    );
    expect(get(label)).toBe('early');
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('is assignable to Svelte’s Readable type', () => {
    expectTypeOf<FutureStore<number>>().toExtend<Readable<number>>();
  });
});
