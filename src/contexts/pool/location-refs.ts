/**
 * Small integers for task locations, so that a run request carries a number instead of a
 * location object: each worker is sent a location once (a `define` request), then its number.
 */
import { locationKey, type TaskLocation } from '../../core/messages.js';

/** The numbering of the task locations of one pool: equal locations get the same number. */
export class LocationRefs {
  /** Fast path: the same location object (a task reference, or an inline function's location). */
  readonly #byObject = new WeakMap<TaskLocation, number>();
  /** Equal locations in different objects (e.g. a new arrow function for every task) share a number. */
  readonly #byKey = new Map<string, number>();
  readonly #locations: TaskLocation[] = [];

  /** The number of `location`. */
  refOf(location: TaskLocation): number {
    const known = this.#byObject.get(location);
    if (known !== undefined) return known;
    const key = locationKey(location);
    let ref = this.#byKey.get(key);
    if (ref === undefined) {
      ref = this.#locations.length;
      this.#locations.push(location);
      this.#byKey.set(key, ref);
    }
    this.#byObject.set(location, ref);
    return ref;
  }

  /** The location numbered `ref`. */
  location(ref: number): TaskLocation {
    return this.#locations[ref] as TaskLocation;
  }
}
