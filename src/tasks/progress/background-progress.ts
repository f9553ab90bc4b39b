/**
 * The task specification of a progress call.
 */
import type { CancelCallback } from '../../core/base-future.js';
import type { TaskInvocation, TaskSpecification } from '../../core/task-specification.js';
import { builtinTask, type Task } from '../../core/task-reference.js';
import { checkCallable } from '../task-arguments.js';
import { ProgressFuture } from './progress-future.js';
import type { ArgumentsBeforeProgress, ProgressFunction, ProgressOf } from './progress-types.js';

/** Options of {@link BackgroundProgress}. */
export interface BackgroundProgressOptions<TFunction extends ProgressFunction> {
  /** The function to call; the library appends a `progress` callback to `args`. */
  readonly callable: Task<TFunction>;
  /** Its arguments, without the progress callback. @default [] */
  readonly args?: ArgumentsBeforeProgress<TFunction>;
}

const PROGRESS_RUNNER = builtinTask('progress');

/** A call of `callable(...args, progress)` in the background, its reports streamed to the future. */
export class BackgroundProgress<TFunction extends ProgressFunction> implements TaskSpecification<
  ProgressFuture<Awaited<ReturnType<TFunction>>, ProgressOf<TFunction>>
> {
  readonly callable: Task<TFunction>;
  readonly args: ArgumentsBeforeProgress<TFunction>;

  /** @throws {TypeError} when `callable` is not a task or `args` not an array. */
  constructor(options: BackgroundProgressOptions<TFunction>) {
    const args = options.args ?? ([] as unknown as ArgumentsBeforeProgress<TFunction>);
    checkCallable('BackgroundProgress', options.callable, args);
    this.callable = options.callable;
    this.args = args;
  }

  /** {@inheritDoc TaskSpecification.future} */
  future(cancel: CancelCallback): ProgressFuture<Awaited<ReturnType<TFunction>>, ProgressOf<TFunction>> {
    return new ProgressFuture(cancel);
  }

  /** {@inheritDoc TaskSpecification.task} */
  task(): TaskInvocation {
    // `concat` makes the array at its length; a spread would grow it (a queued task keeps it).
    return { runner: PROGRESS_RUNNER, args: [this.callable as unknown].concat(this.args) };
  }
}
