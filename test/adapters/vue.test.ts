// @vitest-environment jsdom
import { mount } from '@vue/test-utils';
import { submitCall, submitIteration, type CallFuture } from './neutral.js';
import { useFuture } from 'reactive-futures/vue';
import { describe, expect, it } from 'vitest';
import { defineComponent, effectScope, h, nextTick, shallowRef, watch } from 'vue';
import { countListeners, driveUntil, manualExecutor, stopManual } from './helpers.js';

describe('useFuture (Vue)', () => {
  it('renders the snapshot in a component and unsubscribes on unmount', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, (n: number) => n * 2, 21);
    const counts = countListeners(future);
    const Status = defineComponent({
      setup() {
        const snapshot = useFuture(future);
        return () =>
          h(
            'p',
            snapshot.value.state === 'completed' ? `result ${snapshot.value.result}` : snapshot.value.state,
          );
      },
    });
    const wrapper = mount(Status);
    expect(wrapper.text()).toBe('waiting');
    expect(counts.subscribers).toBe(1);

    await driveUntil(scheduler, () => future.done);
    await nextTick();
    expect(wrapper.text()).toBe('result 42');

    wrapper.unmount();
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('holds the final snapshot of a future that finished before the scope subscribed', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 'early');
    await driveUntil(scheduler, () => future.done);
    const scope = effectScope();
    const snapshot = scope.run(() => useFuture(future))!;
    expect(snapshot.value).toBe(future.getSnapshot());
    expect(snapshot.value.state).toBe('completed');
    scope.stop();
    await stopManual(executor, scheduler);
  });

  it('follows a ref from undefined to one future and another, and releases each', async () => {
    const { executor, scheduler } = manualExecutor();
    const first = submitCall(executor, () => 1);
    const second = submitCall(executor, () => 2);
    const firstCounts = countListeners(first);
    const secondCounts = countListeners(second);
    const source = shallowRef<CallFuture<number>>();
    const scope = effectScope();
    const snapshot = scope.run(() => useFuture(source))!;
    expect(snapshot.value).toBeUndefined();

    source.value = first;
    expect(snapshot.value?.state).toBe('waiting');
    expect(firstCounts.subscribers).toBe(1);
    source.value = second;
    expect(firstCounts.subscribers).toBe(0);
    expect(secondCounts.subscribers).toBe(1);

    await driveUntil(scheduler, () => second.done);
    expect(snapshot.value?.state === 'completed' && snapshot.value.result).toBe(2);

    scope.stop();
    expect(secondCounts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('triggers watchers only when the snapshot really changes', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitIteration(executor, function* () {
      yield 'x';
      yield 'y';
    });
    const scope = effectScope();
    const seen: unknown[] = [];
    scope.run(() => {
      const snapshot = useFuture(future);
      watch(snapshot, (value) => seen.push(value), { flush: 'sync' });
    });
    await driveUntil(scheduler, () => future.done);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(future.getSnapshot());
    const last = future.getSnapshot();
    expect(last.state === 'completed' && last.itemCount).toBe(2);
    scope.stop();
    await stopManual(executor, scheduler);
  });
});
