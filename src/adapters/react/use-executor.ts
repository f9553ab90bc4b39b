/**
 * React: an executor that lives as long as a component.
 */
import { useEffect, useReducer, useRef } from 'react';
import { Executor, type ExecutorOptions } from '../../core/executor.js';

/**
 * How {@link useExecutor} makes its executor: options for `new Executor(options)` (the
 * platform's executor, as `reactive-futures` gives it: worker threads in Node, Web Workers in
 * browsers, none in the platform-neutral build, where options must name a `context`), or a
 * function that returns a new executor each time it is called.
 */
export type UseExecutorOptions<TExecutor extends Executor = Executor> = ExecutorOptions | (() => TExecutor);

/** The `useExecutor` hook, as each entry point binds it to its platform's executor. */
export type UseExecutor = <TExecutor extends Executor = Executor>(
  options?: UseExecutorOptions<TExecutor>,
) => TExecutor;

/**
 * Makes the `useExecutor` hook of a platform, whose options form (and no argument) builds a
 * `PlatformExecutor`. Each entry point of `reactive-futures/react` binds its own, so that a
 * browser bundle never pulls in Node's contexts.
 */
export function createUseExecutor(
  PlatformExecutor: new (options?: ExecutorOptions) => Executor,
): UseExecutor {
  return function useExecutor<TExecutor extends Executor = Executor>(
    options: UseExecutorOptions<TExecutor> = {},
  ): TExecutor {
    const create = (): TExecutor =>
      typeof options === 'function' ? options() : (new PlatformExecutor(options) as TExecutor);
    const executor = useRef<TExecutor | null>(null);
    const [, rerender] = useReducer((count: number) => count + 1, 0);
    executor.current ??= create();
    useEffect(() => {
      let owned = executor.current;
      if (owned === null || !owned.running) {
        // Re-mounted after a cleanup shut the previous executor down (StrictMode, Activity).
        owned = create();
        executor.current = owned;
        rerender();
      }
      return () => {
        void owned.shutdown();
      };
      // The executor belongs to the mount; options only matter when it is created.
    }, []);
    return executor.current;
  };
}

/**
 * Returns an executor owned by the component: created for its first render and shut down
 * (`executor.shutdown()`, which cancels unfinished futures) when it unmounts. With no
 * argument, or options, it is the platform's executor, like `new Executor(options)` from
 * `reactive-futures` (worker threads in Node, Web Workers in browsers). Options are read when
 * the executor is created; later changes are ignored.
 *
 * Safe under `<StrictMode>`: when React unmounts and re-mounts the component to check its
 * effects, the first executor is shut down and a fresh one replaces it (with one re-render),
 * so the executor you get after mounting is always running, and every executor this hook
 * created ends `stopped` after the component unmounts. An executor starts no worker until
 * the first task is submitted, so one made for a render React discards holds nothing.
 *
 * @example
 * ```ts
 * import { InlineContext, submitCall } from 'reactive-futures';
 * import { useExecutor, useFuture } from 'reactive-futures/react';
 * import { useState } from 'react';
 * import type { CallFuture } from 'reactive-futures';
 *
 * const context = new InlineContext();
 *
 * function useSquare(): { readonly label: string; readonly start: (n: number) => void } {
 *   const executor = useExecutor({ context }); // or useExecutor(): the platform's default context
 *   const [future, setFuture] = useState<CallFuture<number>>();
 *   const snapshot = useFuture(future);
 *   const label = snapshot?.state === 'completed' ? String(snapshot.result) : (snapshot?.state ?? 'idle');
 *   return { label, start: (n) => setFuture(submitCall(executor, (x: number) => x * x, n)) };
 * }
 * ```
 */
export const useExecutor: UseExecutor = createUseExecutor(Executor);
