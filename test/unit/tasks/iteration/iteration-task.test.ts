import { describe, expect, it } from 'vitest';
import { GENERATED, runIteration } from '../../../../src/tasks/iteration/iteration-task.js';
import { FakeTaskContext } from '../fake-task-context.js';

describe('runIteration: sync iterables', () => {
  it('sends each item of a generator in order and returns its return value', async () => {
    const task = new FakeTaskContext();
    function* count(limit: number): Generator<number, string> {
      for (let i = 0; i < limit; i++) yield i;
      return 'done';
    }
    await expect(runIteration(task, count, 3)).resolves.toBe('done');
    expect(task.sent).toEqual([
      { type: GENERATED, arg: 0 },
      { type: GENERATED, arg: 1 },
      { type: GENERATED, arg: 2 },
    ]);
  });

  it('iterates arrays, strings, sets and a function returning a promise of an iterable', async () => {
    const arrays = new FakeTaskContext();
    await expect(runIteration(arrays, () => ['a', 'b'])).resolves.toBeUndefined();
    expect(arrays.args(GENERATED)).toEqual(['a', 'b']);
    const sets = new FakeTaskContext();
    await runIteration(sets, (values: number[]) => new Set(values), [1, 1, 2]);
    expect(sets.args(GENERATED)).toEqual([1, 2]);
    const promised = new FakeTaskContext();
    await runIteration(promised, async () => Promise.resolve([3, 4]));
    expect(promised.args(GENERATED)).toEqual([3, 4]);
  });

  it('checks cancellation before the first item: a cancelled generator never runs', async () => {
    const task = new FakeTaskContext();
    task.cancel();
    let entered = false;
    function* body(): Generator<number> {
      entered = true;
      yield 1;
    }
    await expect(runIteration(task, body)).resolves.toBeUndefined();
    expect(entered).toBe(false);
    expect(task.sent).toEqual([]);
  });

  it('checks before each item, and closes a cancelled generator so its finally runs', async () => {
    const task = new FakeTaskContext();
    const events: string[] = [];
    function* body(): Generator<number, string> {
      try {
        for (let i = 0; ; i++) {
          events.push(`yield ${i}`);
          yield i;
        }
      } finally {
        events.push('finally');
      }
    }
    task.cancel({ afterSends: 2 });
    await expect(runIteration(task, body)).resolves.toBeUndefined();
    expect(task.args(GENERATED)).toEqual([0, 1]);
    expect(events).toEqual(['yield 0', 'yield 1', 'finally']);
  });

  it('closes an iterator that is not a generator, through return()', async () => {
    const task = new FakeTaskContext();
    let returned = 0;
    const iterable = {
      [Symbol.iterator]: (): Iterator<number> => ({
        next: () => ({ done: false, value: 1 }),
        return: () => {
          returned++;
          return { done: true, value: undefined };
        },
      }),
    };
    task.cancel({ afterSends: 3 });
    await runIteration(task, () => iterable);
    expect(task.args(GENERATED)).toEqual([1, 1, 1]);
    expect(returned).toBe(1);
  });

  it('closes the generator when sending an item throws (an uncloneable item)', async () => {
    const task = new FakeTaskContext();
    let closed = false;
    function* body(): Generator<number> {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    task.send = () => {
      throw new Error('could not be cloned');
    };
    await expect(runIteration(task, body)).rejects.toThrow('could not be cloned');
    expect(closed).toBe(true);
  });

  it('does not close an iterator that finished or threw', async () => {
    let returned = 0;
    const make = (fail: boolean) => ({
      [Symbol.iterator]: (): Iterator<number> => {
        let given = 0;
        return {
          next: () => {
            if (given === 2 && fail) throw new Error('iterator failed');
            return given < 2 ? { done: false, value: given++ } : { done: true, value: undefined };
          },
          return: () => {
            returned++;
            return { done: true, value: undefined };
          },
        };
      },
    });
    await runIteration(new FakeTaskContext(), () => make(false));
    await expect(runIteration(new FakeTaskContext(), () => make(true))).rejects.toThrow('iterator failed');
    expect(returned).toBe(0);
  });

  it('lets a generator’s error propagate after the items before it', async () => {
    const task = new FakeTaskContext();
    function* body(): Generator<number> {
      yield 1;
      throw new RangeError('generator failed');
    }
    await expect(runIteration(task, body)).rejects.toThrow(RangeError);
    expect(task.args(GENERATED)).toEqual([1]);
  });

  it('rejects a non-iterable with a TypeError that says what to use instead', async () => {
    for (const value of [42, null, undefined, { length: 2 }]) {
      const error = await runIteration(new FakeTaskContext(), () => value).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^Expected `the iteration function’s return value` to be an Iterable or AsyncIterable/,
      );
      expect((error as Error).message).toMatch(/Use submitCall for a function that returns a single value\./);
    }
  });
});

describe('runIteration: async iterables', () => {
  it('sends each item of an async generator and returns its return value', async () => {
    const task = new FakeTaskContext();
    async function* body(limit: number): AsyncGenerator<number, number> {
      for (let i = 1; i <= limit; i++) {
        await Promise.resolve();
        yield i * 10;
      }
      return limit;
    }
    await expect(runIteration(task, body, 3)).resolves.toBe(3);
    expect(task.args(GENERATED)).toEqual([10, 20, 30]);
  });

  it('drives a custom async iterable', async () => {
    const task = new FakeTaskContext();
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => {
        const items = ['x', 'y'];
        return {
          next: async () =>
            Promise.resolve(
              items.length > 0 ? { done: false, value: items.shift()! } : { done: true, value: undefined },
            ),
        };
      },
    };
    await runIteration(task, () => iterable);
    expect(task.args(GENERATED)).toEqual(['x', 'y']);
  });

  it('checks before the first item and before each next, and awaits the closing finally', async () => {
    const task = new FakeTaskContext();
    const events: string[] = [];
    async function* body(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        await Promise.resolve();
        events.push('finally');
      }
    }
    task.cancel({ afterSends: 2 });
    const done = runIteration(task, body).then(() => events.push('runner returned'));
    await done;
    expect(task.args(GENERATED)).toEqual([0, 1]);
    expect(events).toEqual(['finally', 'runner returned']);

    const early = new FakeTaskContext();
    early.cancel();
    let entered = false;
    async function* never(): AsyncGenerator<number> {
      entered = true;
      yield 1;
    }
    await runIteration(early, never);
    expect(entered).toBe(false);
  });

  it('prefers Symbol.asyncIterator when both exist', async () => {
    const task = new FakeTaskContext();
    const both = {
      *[Symbol.iterator]() {
        yield 'sync';
      },
      async *[Symbol.asyncIterator]() {
        yield 'async';
      },
    };
    await runIteration(task, () => both);
    expect(task.args(GENERATED)).toEqual(['async']);
  });
});
