import { describe, expectTypeOf, it } from 'vitest';
import {
  BaseFuture,
  combineProgress,
  submitCall,
  submitMap,
  submitIteration,
  submitProgress,
  taskModule,
  type CallFuture,
  type ChangeEvent,
  type Executor,
  type FutureState,
  type IterationFuture,
  type MapFuture,
  type MapItem,
  type MapProgress,
  type ProgressFuture,
} from 'reactive-futures';

declare const executor: Executor;
const tasks = taskModule<typeof import('../fixtures/tasks.js')>(
  new URL('../fixtures/tasks.js', import.meta.url),
);

describe('observe names', () => {
  it('types the payload of every known event', () => {
    const iteration = submitIteration(executor, tasks.count, 3);
    iteration.observe('resultEvent', (event) => expectTypeOf(event.new).toEqualTypeOf<number>());
    iteration.observe('state', (event) => expectTypeOf(event.new).toEqualTypeOf<FutureState>());
    iteration.observe('forceCancellable', (event) => expectTypeOf(event.new).toEqualTypeOf<boolean>());
    const progress = submitProgress(executor, tasks.report, 3);
    progress.observe('progress', (event) => expectTypeOf(event.new).toEqualTypeOf<number>());
    // A handler written against the untyped ChangeEvent still fits.
    const anyChange = (event: ChangeEvent): unknown => event.new;
    iteration.observe('done', anyChange);
  });

  it('refuses a misspelt or foreign event name', () => {
    const iteration = submitIteration(executor, tasks.count, 3);
    // @ts-expect-error -- a typo: the event is 'resultEvent'
    iteration.observe('resultevent', () => undefined);
    // @ts-expect-error -- an iteration fires no 'progress'
    iteration.observe('progress', () => undefined);
    // @ts-expect-error -- a call fires no 'resultEvent'
    submitCall(executor, tasks.square, 2).observe('resultEvent', () => undefined);
    // @ts-expect-error -- names are case-sensitive
    submitProgress(executor, tasks.report, 3).observe('Progress', () => undefined);
  });

  it('types a custom kind’s events from its second type parameter', () => {
    class FizzFuture extends BaseFuture<void, { fizz: number }> {}
    const future = new FizzFuture(() => undefined);
    future.observe('fizz', (event) => expectTypeOf(event.new).toEqualTypeOf<number>());
    // @ts-expect-error -- not one of its events
    future.observe('buzz', () => undefined);
  });
});

describe('submitCall refuses a generator function', () => {
  it('inline and by reference', () => {
    function* numbers(): Generator<number, void> {
      yield 1;
    }
    async function* later(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
    }
    // @ts-expect-error -- a generator function: use submitIteration
    submitCall(executor, numbers);
    // @ts-expect-error -- an async generator function: use submitIteration
    submitCall(executor, later);
    // @ts-expect-error -- a task reference to a generator function
    submitCall(executor, tasks.count, 3);
    // Functions returning arrays or promises are calls.
    expectTypeOf(submitCall(executor, () => [1, 2])).toEqualTypeOf<CallFuture<number[]>>();
    expectTypeOf(submitIteration(executor, numbers)).toEqualTypeOf<IterationFuture<number>>();
  });
});

describe('per-task options in place of the executor', () => {
  it('keeps the inference of every helper', () => {
    const signal = new AbortController().signal;
    expectTypeOf(submitCall({ executor, timeout: 1000 }, tasks.square, 2)).toEqualTypeOf<
      CallFuture<number>
    >();
    expectTypeOf(submitIteration({ executor, signal }, tasks.count, 2)).toEqualTypeOf<
      IterationFuture<number, string>
    >();
    expectTypeOf(submitProgress({ executor, signal, timeout: 5 }, tasks.report, 2)).toEqualTypeOf<
      ProgressFuture<string, number>
    >();
  });

  it('checks the options and still checks the arguments', () => {
    // @ts-expect-error -- the executor is required
    submitCall({ timeout: 1000 }, tasks.square, 2);
    // @ts-expect-error -- timeout is a number of ms
    submitCall({ executor, timeout: '1s' }, tasks.square, 2);
    // @ts-expect-error -- signal is an AbortSignal
    submitCall({ executor, signal: true }, tasks.square, 2);
    // @ts-expect-error -- the argument is still checked
    submitCall({ executor }, tasks.square, 'two');
  });
});

describe('cancel escalation', () => {
  it('says whether it had an effect, and whether forcing is still possible', () => {
    const future = submitCall(executor, tasks.square, 2);
    expectTypeOf(future.cancel({ force: true })).toEqualTypeOf<boolean>();
    expectTypeOf(future.forceCancellable).toEqualTypeOf<boolean>();
    const snapshot = future.getSnapshot();
    expectTypeOf(snapshot.forceCancellable).toEqualTypeOf<boolean>();
    if (snapshot.done) expectTypeOf(snapshot.forceCancellable).toEqualTypeOf<false>();
  });
});

describe('submitMap', () => {
  const maps = taskModule<typeof import('../fixtures/map-tasks.js')>(
    new URL('../fixtures/map-tasks.js', import.meta.url),
  );

  it('infers the input and output types, and types its events', () => {
    const future = submitMap(executor, maps.square, [1, 2, 3], { ordered: false, chunkSize: 2 });
    expectTypeOf(future).toEqualTypeOf<MapFuture<number, number>>();
    expectTypeOf(future.result).toEqualTypeOf<number[]>();
    future.observe('resultEvent', (event) =>
      expectTypeOf(event.new).toEqualTypeOf<MapItem<number, number>>(),
    );
    future.observe('progress', (event) => expectTypeOf(event.new).toEqualTypeOf<MapProgress>());
    expectTypeOf(submitMap(executor, async (s: string) => Promise.resolve(s.length), ['a'])).toEqualTypeOf<
      MapFuture<string, number>
    >();
    expectTypeOf(submitMap({ executor, timeout: 1000 }, maps.square, new Set([1]))).toEqualTypeOf<
      MapFuture<number, number>
    >();
  });

  it('checks the inputs and options', () => {
    // @ts-expect-error -- square takes numbers
    submitMap(executor, maps.square, ['one']);
    // @ts-expect-error -- no such option
    submitMap(executor, maps.square, [1], { order: true });
    // @ts-expect-error -- a typo in an event name
    submitMap(executor, maps.square, [1]).observe('resultevent', () => undefined);
  });

  it('combines progress as an external store', () => {
    const progress = combineProgress([
      submitMap(executor, maps.square, [1]),
      submitCall(executor, tasks.square, 1),
    ]);
    expectTypeOf(progress.getSnapshot().fraction).toEqualTypeOf<number>();
    expectTypeOf(progress.subscribe).toEqualTypeOf<(listener: () => void) => () => void>();
  });
});
