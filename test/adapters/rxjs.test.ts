import { Executor, TaskFailedError, submitCall, submitIteration } from 'reactive-futures';
import { items$, snapshots$ } from 'reactive-futures/rxjs';
import { waitFor } from 'reactive-futures/testing';
import { firstValueFrom, lastValueFrom, map, Observable, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { countListeners, driveUntil, manualExecutor, stopManual } from './helpers.js';

describe('snapshots$', () => {
  it('emits the current snapshot, each change, and completes after the final one', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 5);
    const counts = countListeners(future);
    const all = lastValueFrom(snapshots$(future).pipe(toArray()));
    expect(counts.subscribers).toBe(1);
    await driveUntil(scheduler, () => future.done);
    const snapshots = await all;
    expect(snapshots[0]?.state).toBe('waiting');
    expect(snapshots.at(-1)).toBe(future.getSnapshot());
    expect(new Set(snapshots).size).toBe(snapshots.length);
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('emits the final snapshot of a done future and completes without subscribing', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 'early');
    await driveUntil(scheduler, () => future.done);
    const counts = countListeners(future);
    const snapshots = await lastValueFrom(snapshots$(future).pipe(toArray()));
    expect(snapshots).toEqual([future.getSnapshot()]);
    expect(counts.subscribeCalls).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('does not cancel on unsubscribe unless asked', async () => {
    const { executor, scheduler } = manualExecutor();
    const kept = submitCall(executor, () => 1);
    const cancelled = submitCall(executor, () => 2);
    const keptCounts = countListeners(kept);
    snapshots$(kept).subscribe().unsubscribe();
    snapshots$(cancelled, { cancelOnUnsubscribe: true }).subscribe().unsubscribe();
    expect(keptCounts.subscribers).toBe(0);
    expect(kept.state).toBe('waiting');
    expect(cancelled.state).toBe('cancelling');
    await driveUntil(scheduler, () => kept.done && cancelled.done);
    expect(kept.state).toBe('completed');
    expect(cancelled.state).toBe('cancelled');
    await stopManual(executor, scheduler);
  });

  it('is an RxJS Observable that operators accept', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 3);
    const observable = snapshots$(future);
    expect(observable).toBeInstanceOf(Observable);
    const states = lastValueFrom(observable.pipe(map((snapshot) => snapshot.state)));
    await driveUntil(scheduler, () => future.done);
    expect(await states).toBe('completed');
    await stopManual(executor, scheduler);
  });
});

describe('items$', () => {
  it('emits each item and completes when the iteration completes', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitIteration(
      executor,
      function* (limit: number) {
        for (let i = 0; i < limit; i++) yield i;
        return 'end';
      },
      4,
    );
    const counts = countListeners(future);
    const items = lastValueFrom(items$(future).pipe(toArray()));
    await driveUntil(scheduler, () => future.done);
    expect(await items).toEqual([0, 1, 2, 3]);
    expect(counts.observers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('errors with TaskFailedError when the iteration fails', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitIteration(executor, function* () {
      yield 'a';
      throw new RangeError('bad item');
    });
    const received: string[] = [];
    const failure = new Promise<unknown>((resolve) => {
      items$(future).subscribe({ next: (item) => received.push(item), error: resolve });
    });
    await driveUntil(scheduler, () => future.done);
    const error = await failure;
    expect(received).toEqual(['a']);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).exception.type).toBe('RangeError');
    expect((error as TaskFailedError).exception.message).toBe('bad item');
    await stopManual(executor, scheduler);
  });

  it('completes when the iteration is cancelled, and cancels on unsubscribe only when asked', async () => {
    const { executor, scheduler } = manualExecutor();
    // Endless, but it yields to the event loop between items, so cancellation can arrive.
    const future = submitIteration(executor, async function* () {
      for (let i = 0; ; i++) {
        yield i;
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    const counts = countListeners(future);
    let completed = false;
    const subscription = items$(future).subscribe({ complete: () => (completed = true) });
    const other = items$(future).subscribe();
    other.unsubscribe();
    expect(future.state).toBe('waiting');
    const first = firstValueFrom(items$(future, { cancelOnUnsubscribe: true }));
    await driveUntil(scheduler, () => future.done);
    expect(await first).toBe(0);
    expect(future.state).toBe('cancelled');
    expect(completed).toBe(true);
    expect(subscription.closed).toBe(true);
    expect(counts.observers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('completes at once for a done future', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitIteration(executor, function* () {
      yield 1;
    });
    await driveUntil(scheduler, () => future.done);
    expect(await lastValueFrom(items$(future).pipe(toArray()))).toEqual([]);
    await stopManual(executor, scheduler);
  });

  it('streams items from a worker thread', async () => {
    const executor = new Executor({ maxWorkers: 1 });
    try {
      const future = submitIteration(
        executor,
        function* (limit: number) {
          for (let i = 1; i <= limit; i++) yield i * i;
        },
        5,
      );
      const items = lastValueFrom(items$(future).pipe(toArray()));
      await waitFor(future, 'done', (f) => f.done, { timeout: 15_000 });
      expect(future.state).toBe('completed');
      expect(await items).toEqual([1, 4, 9, 16, 25]);
    } finally {
      await executor.shutdown({ timeout: 10_000 });
    }
  });
});
