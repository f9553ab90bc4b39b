/**
 * Backpressure for iterations: the hook through which a worker runtime pauses a generator that
 * runs too far ahead of the main thread. Contexts without it (inline, child processes) deliver
 * without a bound.
 */
import type { TaskContext } from '../../core/task-specification.js';

/** The key of a task context's {@link ItemFlow}, when it has one. */
export const ITEM_FLOW: unique symbol = Symbol.for('reactive-futures.itemFlow');

/** Lets an iteration wait until the main thread has delivered enough of its items. */
export interface ItemFlow {
  /**
   * Takes room for one more item: returns `false` when there was room at once; with
   * `blocking`, blocks the worker thread (costing no CPU) until there is and returns `true`;
   * without, returns a promise that resolves when there is. Returns at once when cancellation
   * was requested, so a paused task still sees it.
   */
  reserve(blocking: boolean): Promise<void> | boolean;
}

/** The item flow of `task`, if its context has one. */
export function itemFlowOf(task: TaskContext): ItemFlow | undefined {
  return (task as Partial<Record<typeof ITEM_FLOW, ItemFlow>>)[ITEM_FLOW];
}
