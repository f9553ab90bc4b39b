/**
 * The task specification of an iteration.
 */
import type { CancelCallback } from '../../core/base-future.js';
import type { TaskInvocation, TaskSpecification } from '../../core/task-specification.js';
import { builtinTask, type Task } from '../../core/task-reference.js';
import { checkCallable } from '../task-arguments.js';
import { IterationFuture } from './iteration-future.js';
import type { ItemOf, IterableFunction, IterationResultOf } from './iteration-types.js';

/** Options of {@link BackgroundIteration}. */
export interface BackgroundIterationOptions<TFunction extends IterableFunction> {
  /** A function returning an iterable (a generator function, say): a task reference or an inline function. */
  readonly callable: Task<TFunction>;
  /** Its arguments. @default [] */
  readonly args?: Parameters<TFunction>;
}

const ITERATION_RUNNER = builtinTask('iteration');

/** An iteration over `callable(...args)` in the background, each item streamed to the future. */
export class BackgroundIteration<TFunction extends IterableFunction> implements TaskSpecification<
  IterationFuture<ItemOf<TFunction>, IterationResultOf<TFunction>>
> {
  readonly callable: Task<TFunction>;
  readonly args: Parameters<TFunction>;

  /** @throws {TypeError} when `callable` is not a task or `args` not an array. */
  constructor(options: BackgroundIterationOptions<TFunction>) {
    const args = options.args ?? ([] as unknown as Parameters<TFunction>);
    checkCallable('BackgroundIteration', options.callable, args);
    this.callable = options.callable;
    this.args = args;
  }

  /** {@inheritDoc TaskSpecification.future} */
  future(cancel: CancelCallback): IterationFuture<ItemOf<TFunction>, IterationResultOf<TFunction>> {
    return new IterationFuture(cancel);
  }

  /** {@inheritDoc TaskSpecification.task} */
  task(): TaskInvocation {
    // `concat` makes the array at its length; a spread would grow it (a queued task keeps it).
    return { runner: ITERATION_RUNNER, args: [this.callable as unknown].concat(this.args) };
  }
}
