/**
 * Types of iteration tasks: what a function must return, and what its future yields.
 */

/** A function whose result can be iterated: a generator, an async generator, a function returning an array… */
export type IterableFunction = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parameter types are inferred per task
  ...args: any[]
) => Iterable<unknown> | AsyncIterable<unknown> | PromiseLike<Iterable<unknown> | AsyncIterable<unknown>>;

/** The item type of what `TFunction` returns. */
export type ItemOf<TFunction extends IterableFunction> =
  Awaited<ReturnType<TFunction>> extends AsyncIterable<infer TItem>
    ? TItem
    : Awaited<ReturnType<TFunction>> extends Iterable<infer TItem>
      ? TItem
      : never;

/** The return value of a generator returned by `TFunction`; `void` for other iterables. */
export type IterationResultOf<TFunction extends IterableFunction> =
  Awaited<ReturnType<TFunction>> extends
    Generator<unknown, infer TResult, never> | AsyncGenerator<unknown, infer TResult, never>
    ? TResult
    : // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a plain iterable's "return value" is void, as for a generator without return
      void;
