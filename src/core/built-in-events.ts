/**
 * The names of the events every future fires itself. A task's custom messages may not use
 * them: a message named `done` must never make a future look finished.
 */
import { describeValue } from './validation.js';

/** The events `BaseFuture` fires on its own changes; reserved, so no custom message can forge them. */
export const BUILT_IN_EVENTS = ['state', 'cancellable', 'done'] as const;

/**
 * Whether `name` is one of {@link BUILT_IN_EVENTS}. Runs for every item a task streams, on both
 * threads: three comparisons, not an array search (which took ~5 % of a streaming worker's time).
 */
export function isBuiltInEvent(name: string): boolean {
  return name === 'state' || name === 'cancellable' || name === 'done';
}

/**
 * Checks that a task may send a custom message of type `type`.
 *
 * @throws {TypeError} when `type` is not a string, or is the name of a built-in event.
 */
export function assertCustomMessageType(type: unknown): asserts type is string {
  if (typeof type !== 'string') {
    throw new TypeError(`Expected the message type to be a string, got ${describeValue(type)}`);
  }
  if (isBuiltInEvent(type)) {
    throw new TypeError(
      `Expected the message type to be a name other than 'state', 'cancellable' and 'done' (the future's own events), got ${describeValue(type)}`,
    );
  }
}
