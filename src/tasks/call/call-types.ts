/**
 * Types of call tasks.
 */
import type { AnyFunction } from '../../core/task-reference.js';

/**
 * `unknown` (no constraint) for a function whose result can be sent back; for a generator
 * function, a type no task satisfies, so that `submitCall` refuses it at compile time with a
 * message naming `submitIteration` (a generator object cannot cross threads).
 */
export type NotAGeneratorFunction<TFunction extends AnyFunction> =
  // A function that never returns (`=> never`) is no generator function.
  [Awaited<ReturnType<TFunction>>] extends [never]
    ? unknown
    : Awaited<ReturnType<TFunction>> extends
          Generator<unknown, unknown, never> | AsyncGenerator<unknown, unknown, never>
      ? { readonly 'A generator function cannot be run by submitCall: use submitIteration': never }
      : unknown;
