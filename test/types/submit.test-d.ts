import { describe, expectTypeOf, it } from 'vitest';
import {
  Executor,
  InlineContext,
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
  type CallFuture,
  type IterationFuture,
  type ProgressCallback,
  type ProgressFuture,
  type TaskReference,
} from 'reactive-futures';
import type { Point, Stage } from '../fixtures/typed-tasks.js';

declare const executor: Executor;

const tasks = taskModule<typeof import('../fixtures/tasks.js')>(
  new URL('../fixtures/tasks.js', import.meta.url),
);
const typed = taskModule<typeof import('../fixtures/typed-tasks.js')>(
  new URL('../fixtures/typed-tasks.js', import.meta.url),
);

describe('taskModule', () => {
  it('types each function export as a reference to it', () => {
    expectTypeOf(tasks.square).toEqualTypeOf<TaskReference<(n: number) => number>>();
    expectTypeOf(typed.fetchPoint).toEqualTypeOf<TaskReference<(id: number) => Promise<Point>>>();
  });

  it('has no property for a non-function export', () => {
    expectTypeOf(typed).toHaveProperty('points');
    // `notAFunction` is a number, not a task; `doesNotExist` is no export.
    expectTypeOf(typed).not.toHaveProperty('notAFunction');
    expectTypeOf(tasks).not.toHaveProperty('doesNotExist');
  });

  it('is used with an Executor built on a context', () => {
    expectTypeOf(new Executor({ context: new InlineContext() })).toEqualTypeOf<Executor>();
  });
});

describe('submitCall', () => {
  it('infers CallFuture<R> from sync and async inline functions', () => {
    expectTypeOf(submitCall(executor, (a: number, b: number) => a + b, 1, 2)).toEqualTypeOf<
      CallFuture<number>
    >();
    expectTypeOf(submitCall(executor, async (s: string) => Promise.resolve(s.length), 'x')).toEqualTypeOf<
      CallFuture<number>
    >();
    expectTypeOf(submitCall(executor, () => ({ ok: true as const }))).toEqualTypeOf<
      CallFuture<{ ok: true }>
    >();
    expectTypeOf(submitCall(executor, () => undefined)).toEqualTypeOf<CallFuture<undefined>>();
  });

  it('infers CallFuture<R> from task references', () => {
    expectTypeOf(submitCall(executor, tasks.square, 3)).toEqualTypeOf<CallFuture<number>>();
    expectTypeOf(submitCall(executor, typed.fetchPoint, 7)).toEqualTypeOf<CallFuture<Point>>();
    expectTypeOf(submitCall(executor, typed.noArguments)).toEqualTypeOf<CallFuture<string>>();
    expectTypeOf(submitCall(executor, tasks.fail, 'message')).toEqualTypeOf<CallFuture<never>>();
  });

  it('types result by the inferred R', () => {
    const future = submitCall(executor, typed.fetchPoint, 1);
    expectTypeOf(future.result).toEqualTypeOf<Point>();
    expectTypeOf(future.settled()).toEqualTypeOf<Promise<CallFuture<Point>>>();
  });

  it('checks the arguments against the function’s parameters', () => {
    // @ts-expect-error -- a string where a number is expected
    submitCall(executor, tasks.square, 'three');
    // @ts-expect-error -- an argument is missing
    submitCall(executor, tasks.square);
    // @ts-expect-error -- one argument too many
    submitCall(executor, tasks.square, 1, 2);
    // @ts-expect-error -- inline function: wrong type
    submitCall(executor, (a: number, b: number) => a + b, 1, '2');
    // @ts-expect-error -- async task reference: wrong type
    submitCall(executor, typed.fetchPoint, { id: 1 });
  });

  it('accepts optional and rest parameters as written', () => {
    expectTypeOf(submitCall(executor, typed.optionalTail, 'a')).toEqualTypeOf<CallFuture<string>>();
    expectTypeOf(submitCall(executor, typed.optionalTail, 'a', 1)).toEqualTypeOf<CallFuture<string>>();
    expectTypeOf(submitCall(executor, typed.restArguments)).toEqualTypeOf<CallFuture<number>>();
    expectTypeOf(submitCall(executor, typed.restArguments, 1, 2, 3)).toEqualTypeOf<CallFuture<number>>();
    // @ts-expect-error -- the rest parameter takes numbers
    submitCall(executor, typed.restArguments, 1, 'two');
  });

  it('rejects something that is not a task', () => {
    // @ts-expect-error -- a number is not a task
    submitCall(executor, 42);
  });
});

describe('submitIteration', () => {
  it('infers IterationFuture<T, R> from a generator, R from its return', () => {
    function* numbers(limit: number): Generator<number, string> {
      for (let i = 0; i < limit; i++) yield i;
      return 'done';
    }
    expectTypeOf(submitIteration(executor, numbers, 3)).toEqualTypeOf<IterationFuture<number, string>>();
    expectTypeOf(submitIteration(executor, tasks.count, 3)).toEqualTypeOf<IterationFuture<number, string>>();
    expectTypeOf(submitIteration(executor, typed.points, 2)).toEqualTypeOf<IterationFuture<Point, number>>();
  });

  it('infers void for a generator without return value', () => {
    function* declared(): Generator<string, void> {
      yield 'a';
    }
    expectTypeOf(submitIteration(executor, declared)).toEqualTypeOf<IterationFuture<string>>();
    expectTypeOf(
      submitIteration(executor, function* () {
        yield 1;
      }),
    ).toEqualTypeOf<IterationFuture<number>>();
    // `Generator<string>` leaves its return type `any`: the items are still typed.
    function* loose(): Generator<string> {
      yield 'a';
    }
    expectTypeOf(submitIteration(executor, loose).values()).toEqualTypeOf<AsyncIterableIterator<string>>();
  });

  it('infers from async generators', () => {
    async function* inline(from: number): AsyncGenerator<string, boolean> {
      yield await Promise.resolve(String(from));
      return true;
    }
    expectTypeOf(submitIteration(executor, inline, 1)).toEqualTypeOf<IterationFuture<string, boolean>>();
    expectTypeOf(submitIteration(executor, typed.ticks, 3)).toEqualTypeOf<
      IterationFuture<number, 'finished'>
    >();
  });

  it('infers the item type of arrays and other iterables, with result void (the default)', () => {
    expectTypeOf(submitIteration(executor, (n: number) => [n, n * 2], 1)).toEqualTypeOf<
      IterationFuture<number>
    >();
    expectTypeOf(submitIteration(executor, typed.words, 'a b')).toEqualTypeOf<IterationFuture<string>>();
    expectTypeOf(submitIteration(executor, () => new Set<Date>())).toEqualTypeOf<IterationFuture<Date>>();
  });

  it('types items in resultEvent and values()', () => {
    const future = submitIteration(executor, typed.points, 2);
    future.observe('resultEvent', (event) => {
      expectTypeOf(event.new).toEqualTypeOf<Point>();
    });
    expectTypeOf(future.values()).toEqualTypeOf<AsyncIterableIterator<Point>>();
    expectTypeOf(future.result).toEqualTypeOf<number>();
  });

  it('checks arguments, and refuses a function that returns no iterable', () => {
    // @ts-expect-error -- a string where a number is expected
    submitIteration(executor, tasks.count, 'three');
    // @ts-expect-error -- square returns a number, not an iterable
    submitIteration(executor, tasks.square, 3);
    // @ts-expect-error -- inline function returning a number
    submitIteration(executor, () => 5);
  });
});

describe('submitProgress', () => {
  it('infers ProgressFuture<R, P>, the arguments excluding the progress callback', () => {
    expectTypeOf(submitProgress(executor, tasks.report, 5)).toEqualTypeOf<ProgressFuture<string, number>>();
    expectTypeOf(submitProgress(executor, typed.staged, 'build')).toEqualTypeOf<
      ProgressFuture<boolean, Stage>
    >();
    const inline = (a: string, b: number, progress: ProgressCallback<{ done: number }>): string => {
      progress({ done: b });
      return a;
    };
    expectTypeOf(submitProgress(executor, inline, 'x', 1)).toEqualTypeOf<
      ProgressFuture<string, { done: number }>
    >();
  });

  it('types progress events and the result', () => {
    const future = submitProgress(executor, typed.staged, 'build');
    future.observe('progress', (event) => {
      expectTypeOf(event.new).toEqualTypeOf<Stage>();
    });
    expectTypeOf(future.result).toEqualTypeOf<boolean>();
    expectTypeOf(future.getSnapshot().progress).toEqualTypeOf<Stage | undefined>();
  });

  it('checks the arguments, and does not take the progress callback from the caller', () => {
    // @ts-expect-error -- a string where a number is expected
    submitProgress(executor, tasks.report, 'five');
    // @ts-expect-error -- the progress callback is appended by the library
    submitProgress(executor, tasks.report, 5, (info: number) => info);
    // @ts-expect-error -- the argument before the callback is missing
    submitProgress(executor, typed.staged);
    // @ts-expect-error -- square takes no progress callback
    submitProgress(executor, tasks.square, 3);
    // @ts-expect-error -- nor does an inline function without one
    submitProgress(executor, () => 1);
  });
});
