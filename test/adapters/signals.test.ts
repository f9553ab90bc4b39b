import { computed, effect } from '@preact/signals-core';
import { submitCall, submitProgress } from 'reactive-futures';
import { futureSignal } from 'reactive-futures/signals';
import { describe, expect, it } from 'vitest';
import { countListeners, driveUntil, manualExecutor, stopManual } from './helpers.js';

describe('futureSignal', () => {
  it('holds the snapshot, re-runs effects on each real change, and disposes', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitProgress(
      executor,
      (steps: number, progress: (step: number) => void) => {
        for (let step = 1; step <= steps; step++) progress(step);
        return steps;
      },
      3,
    );
    const counts = countListeners(future);
    const snapshot = futureSignal(future);
    expect(counts.subscribers).toBe(1);
    const seen: unknown[] = [];
    const stop = effect(() => {
      seen.push(snapshot.value);
    });
    const label = computed(() => `${snapshot.value.state}:${String(snapshot.value.progress)}`);
    expect(label.value).toBe('waiting:undefined');

    await driveUntil(scheduler, () => future.done);
    expect(snapshot.value).toBe(future.getSnapshot());
    expect(label.value).toBe('completed:3');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(future.getSnapshot());

    stop();
    snapshot.dispose();
    snapshot.dispose();
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('starts from the final snapshot of a future that is already done', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 'early');
    await driveUntil(scheduler, () => future.done);
    const snapshot = futureSignal(future);
    expect(snapshot.value.state === 'completed' && snapshot.value.result).toBe('early');
    expect(() => {
      (snapshot as unknown as { value: unknown }).value = 1;
    }).toThrow();
    snapshot.dispose();
    await stopManual(executor, scheduler);
  });

  it('keeps its last value after dispose', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 1);
    const snapshot = futureSignal(future);
    snapshot.dispose();
    await driveUntil(scheduler, () => future.done);
    expect(snapshot.value.state).toBe('waiting');
    await stopManual(executor, scheduler);
  });
});
