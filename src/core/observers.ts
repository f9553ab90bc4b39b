/**
 * Named change events with `observe(name, handler)`, where a throwing handler never breaks
 * the code that fired the event or the other handlers.
 */

/** A change of an observable property, or an event with a payload (`old` is then `undefined`). */
export interface ChangeEvent<T = unknown> {
  /** The future or executor that changed. */
  readonly object: object;
  /** The property or event name. */
  readonly name: string;
  /** The value before the change; `undefined` for events. */
  readonly old: T | undefined;
  /** The value after the change, or the event's payload. */
  readonly new: T;
}

/** A function that receives change events. */
export type ChangeHandler<T = unknown> = (event: ChangeEvent<T>) => void;

/** Where an error thrown by a handler or listener goes. */
export type ErrorReporter = (error: unknown) => void;

/** The reporter used when no executor is attached: `console.error`. */
export const reportToConsole: ErrorReporter = (error) => {
  console.error('reactive-futures: an observer threw an error:', error);
};

/** The handlers of one observable object, by event name. UI thread only. */
export class Observers {
  /** Made at the first `observe`: most futures are never observed by name. */
  #handlers: Map<string, Set<ChangeHandler>> | undefined;
  reportError: ErrorReporter = reportToConsole;

  /** Adds `handler` for `name`; returns a function that removes it (idempotent). */
  observe(name: string, handler: ChangeHandler): () => void {
    this.#handlers ??= new Map();
    let handlers = this.#handlers.get(name);
    if (handlers === undefined) {
      handlers = new Set();
      this.#handlers.set(name, handlers);
    }
    // A wrapper makes each registration distinct, so the same handler can be added twice.
    const registration: ChangeHandler = (event) => handler(event);
    handlers.add(registration);
    return () => {
      handlers.delete(registration);
    };
  }

  /** Whether anyone observes `name`. */
  has(name: string): boolean {
    const handlers = this.#handlers?.get(name);
    return handlers !== undefined && handlers.size > 0;
  }

  /** Calls every handler of `name`, in registration order. */
  emit<T>(object: object, name: string, old: T | undefined, value: T): void {
    const handlers = this.#handlers?.get(name);
    if (handlers === undefined || handlers.size === 0) return;
    const event: ChangeEvent<T> = { object, name, old, new: value };
    for (const handler of handlers) {
      try {
        (handler as ChangeHandler<T>)(event);
      } catch (error) {
        this.reportError(error);
      }
    }
  }
}

/** Calls every listener, reporting (not throwing) their errors. */
export function notifyAll(listeners: Iterable<() => void>, reportError: ErrorReporter): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch (error) {
      reportError(error);
    }
  }
}
