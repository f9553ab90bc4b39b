/**
 * React: observing a future's events from a component.
 */
import { useEffect, useInsertionEffect, useRef } from 'react';
import type { BaseFuture } from '../../core/base-future.js';
import type { FutureState } from '../../core/future-state.js';
import type { ChangeEvent } from '../../core/observers.js';
import type { IterationFuture } from '../../tasks/iteration/iteration-future.js';
import type { ProgressFuture } from '../../tasks/progress/progress-future.js';

/**
 * Calls `handler` for each event `name` of `future` (`'resultEvent'`, `'progress'`,
 * `'state'`, `'done'`, a custom message type…) while the component is mounted. The latest
 * `handler` is always the one called, so it may close over fresh props and state without
 * re-observing. It stops observing on unmount and when `future` or `name` changes; with
 * `undefined` it observes nothing.
 *
 * Use it for events that carry data a snapshot does not keep, such as every item of an
 * iteration (the snapshot keeps only the latest).
 *
 * @example
 * ```ts
 * import { useState } from 'react';
 * import type { IterationFuture } from 'reactive-futures';
 * import { useFutureEvents } from 'reactive-futures/react';
 *
 * function useAllItems(future: IterationFuture<number> | undefined): number[] {
 *   const [items, setItems] = useState<number[]>([]);
 *   useFutureEvents(future, 'resultEvent', (event) => setItems((old) => [...old, event.new]));
 *   return items;
 * }
 * ```
 */
export function useFutureEvents<TItem>(
  future: IterationFuture<TItem, unknown> | undefined,
  name: 'resultEvent',
  handler: (event: ChangeEvent<TItem>) => void,
): void;
export function useFutureEvents<TProgress>(
  future: ProgressFuture<unknown, TProgress> | undefined,
  name: 'progress',
  handler: (event: ChangeEvent<TProgress>) => void,
): void;
export function useFutureEvents(
  future: BaseFuture | undefined,
  name: 'state',
  handler: (event: ChangeEvent<FutureState>) => void,
): void;
export function useFutureEvents(
  future: BaseFuture | undefined,
  name: 'cancellable' | 'done',
  handler: (event: ChangeEvent<boolean>) => void,
): void;
export function useFutureEvents(
  future: BaseFuture | undefined,
  name: string,
  handler: (event: ChangeEvent) => void,
): void;
export function useFutureEvents(
  future: BaseFuture | undefined,
  name: string,
  handler: (event: ChangeEvent<never>) => void,
): void {
  const latestHandler = useRef(handler);
  useInsertionEffect(() => {
    latestHandler.current = handler;
  });
  useEffect(() => {
    if (future === undefined) return undefined;
    // The overloads above type `name`; observe() itself checks it at run time.
    const observe = future.observe.bind(future) as (
      name: string,
      handler: (event: ChangeEvent) => void,
    ) => () => void;
    return observe(name, (event) => latestHandler.current(event as ChangeEvent<never>));
  }, [future, name]);
}
