import { describe, expect, it } from 'vitest';
import { taskModule } from '../../../src/core/task-reference.js';
import { BackgroundCall } from '../../../src/tasks/call/background-call.js';
import { CallFuture } from '../../../src/tasks/call/call-future.js';
import { BackgroundIteration } from '../../../src/tasks/iteration/background-iteration.js';
import { IterationFuture } from '../../../src/tasks/iteration/iteration-future.js';
import { BackgroundProgress } from '../../../src/tasks/progress/background-progress.js';
import { ProgressFuture } from '../../../src/tasks/progress/progress-future.js';
import { checkCallable } from '../../../src/tasks/task-arguments.js';

const tasks = taskModule<typeof import('../../fixtures/tasks.js')>('file:///tasks.js');

describe('checkCallable', () => {
  it('accepts functions and task references with an array of arguments', () => {
    expect(() => checkCallable('Kind', () => 1, [])).not.toThrow();
    expect(() => checkCallable('Kind', tasks.square, [2])).not.toThrow();
  });

  it('names the kind and the bad value', () => {
    expect(() => checkCallable('BackgroundCall', 'square', [])).toThrow(
      new TypeError(
        'BackgroundCall: Expected `callable` to be a function or a task reference (taskModule(url).name), got `"square"` (string)',
      ),
    );
    expect(() => checkCallable('BackgroundCall', () => 1, 5)).toThrow(
      new TypeError('BackgroundCall: Expected `args` to be an array, got `5` (number)'),
    );
  });
});

describe('built-in task specifications', () => {
  it('BackgroundCall runs the built-in call runner with the callable first', () => {
    const specification = new BackgroundCall({ callable: tasks.square, args: [3] });
    const { runner, args } = specification.task();
    expect(args).toEqual([tasks.square, 3]);
    expect(runner).toBeTypeOf('object');
    expect(specification.future(() => undefined)).toBeInstanceOf(CallFuture);
    expect(new BackgroundCall({ callable: () => 1 }).task().args).toHaveLength(1);
  });

  it('BackgroundIteration and BackgroundProgress make their futures', () => {
    const iteration = new BackgroundIteration({ callable: tasks.count, args: [2] });
    expect(iteration.future(() => undefined)).toBeInstanceOf(IterationFuture);
    expect(iteration.task().args).toEqual([tasks.count, 2]);
    const progress = new BackgroundProgress({ callable: tasks.report, args: [2] });
    expect(progress.future(() => undefined)).toBeInstanceOf(ProgressFuture);
    expect(progress.task().args).toEqual([tasks.report, 2]);
  });

  it('validate their options', () => {
    expect(() => new BackgroundCall({ callable: 42 as unknown as () => void })).toThrow(/^BackgroundCall: /);
    expect(() => new BackgroundIteration({ callable: null as unknown as () => number[] })).toThrow(
      /^BackgroundIteration: /,
    );
    expect(() => new BackgroundProgress({ callable: () => 1, args: 'x' as never })).toThrow(
      /^BackgroundProgress: Expected `args` to be an array/,
    );
  });

  it('run each submission with its own future', () => {
    const specification = new BackgroundCall({ callable: () => 1 });
    expect(specification.future(() => undefined)).not.toBe(specification.future(() => undefined));
  });
});
