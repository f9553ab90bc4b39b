/**
 * The task specification of a call.
 */
import type { CancelCallback } from '../../core/base-future.js';
import type { TaskInvocation, TaskSpecification } from '../../core/task-specification.js';
import { builtinTask, type AnyFunction, type Task } from '../../core/task-reference.js';
import { checkCallable } from '../task-arguments.js';
import { CallFuture } from './call-future.js';

/** Options of {@link BackgroundCall}. */
export interface BackgroundCallOptions<TFunction extends AnyFunction> {
  /** The function to call: a task reference or a self-contained inline function. */
  readonly callable: Task<TFunction>;
  /** Its arguments. @default [] */
  readonly args?: Parameters<TFunction>;
}

const CALL_RUNNER = builtinTask('call');

/**
 * A call of `callable(...args)` in the background, whose result becomes the future's.
 *
 * @example
 * ```ts
 * const future = executor.submit(new BackgroundCall({ callable: (n: number) => n * n, args: [7] }));
 * ```
 */
export class BackgroundCall<TFunction extends AnyFunction> implements TaskSpecification<
  CallFuture<Awaited<ReturnType<TFunction>>>
> {
  readonly callable: Task<TFunction>;
  readonly args: Parameters<TFunction>;

  /** @throws {TypeError} when `callable` is not a task or `args` not an array. */
  constructor(options: BackgroundCallOptions<TFunction>) {
    const args = options.args ?? ([] as unknown as Parameters<TFunction>);
    checkCallable('BackgroundCall', options.callable, args);
    this.callable = options.callable;
    this.args = args;
  }

  /** {@inheritDoc TaskSpecification.future} */
  future(cancel: CancelCallback): CallFuture<Awaited<ReturnType<TFunction>>> {
    return new CallFuture(cancel);
  }

  /** {@inheritDoc TaskSpecification.task} */
  task(): TaskInvocation {
    // `concat` makes the array at its length; a spread would grow it (a queued task keeps it).
    return { runner: CALL_RUNNER, args: [this.callable as unknown].concat(this.args) };
  }
}
