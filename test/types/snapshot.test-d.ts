import { describe, expectTypeOf, it } from 'vitest';
import {
  submitCall,
  submitIteration,
  type ExceptionInfo,
  type Executor,
  type ExecutorState,
  type FutureSnapshot,
  type FutureState,
} from 'reactive-futures';

declare const executor: Executor;

describe('snapshots', () => {
  it('narrow result only when completed and exception only when failed', () => {
    const snapshot = submitCall(executor, (n: number) => String(n), 1).getSnapshot();
    expectTypeOf(snapshot.state).toEqualTypeOf<FutureState>();
    // result exists only on a completed snapshot, exception only on a failed one.
    expectTypeOf(snapshot).not.toHaveProperty('result');
    expectTypeOf(snapshot).not.toHaveProperty('exception');
    if (snapshot.state === 'completed') {
      expectTypeOf(snapshot.result).toEqualTypeOf<string>();
      expectTypeOf(snapshot.done).toEqualTypeOf<true>();
      expectTypeOf(snapshot.cancellable).toEqualTypeOf<false>();
    }
    if (snapshot.state === 'failed') {
      expectTypeOf(snapshot.exception).toEqualTypeOf<ExceptionInfo>();
      expectTypeOf(snapshot).not.toHaveProperty('result');
    }
    if (snapshot.state === 'waiting' || snapshot.state === 'executing') {
      expectTypeOf(snapshot.cancellable).toEqualTypeOf<true>();
      expectTypeOf(snapshot.done).toEqualTypeOf<false>();
    }
    if (snapshot.done) {
      expectTypeOf(snapshot.state).toEqualTypeOf<'completed' | 'failed' | 'cancelled'>();
    }
  });

  it('is read-only', () => {
    const snapshot = submitCall(executor, () => 1).getSnapshot();
    // @ts-expect-error -- snapshots are immutable
    snapshot.state = 'completed';
  });

  it('carries what an iteration adds', () => {
    const snapshot = submitIteration(executor, () => ['a']).getSnapshot();
    expectTypeOf(snapshot.latestItem).toEqualTypeOf<string | undefined>();
    expectTypeOf(snapshot.itemCount).toEqualTypeOf<number>();
    if (snapshot.state === 'completed') expectTypeOf(snapshot).toHaveProperty('result').toBeVoid();
  });

  it('fits the external-store contract', () => {
    const future = submitCall(executor, () => 1);
    expectTypeOf(future.getSnapshot()).toEqualTypeOf<FutureSnapshot<number>>();
    expectTypeOf<typeof future.subscribe>().toEqualTypeOf<(listener: () => void) => () => void>();
    expectTypeOf<ReturnType<typeof future.getSnapshot>>().toEqualTypeOf<FutureSnapshot<number>>();
  });

  it('types the executor and future getters', () => {
    const future = submitCall(executor, () => 1);
    expectTypeOf(future.state).toEqualTypeOf<FutureState>();
    expectTypeOf(future.cancellable).toEqualTypeOf<boolean>();
    expectTypeOf<ReturnType<typeof future.cancel>>().toEqualTypeOf<boolean>();
    expectTypeOf(future.exception).toEqualTypeOf<ExceptionInfo>();
    expectTypeOf(executor.state).toEqualTypeOf<ExecutorState>();
    expectTypeOf<ReturnType<typeof executor.shutdown>>().toEqualTypeOf<Promise<void>>();
    // @ts-expect-error -- state is read-only
    future.state = 'completed';
    // @ts-expect-error -- the executor only observes its own names
    executor.observe('progress', () => undefined);
  });
});
