/**
 * Small integers for task locations, so that a run request carries a number instead of a
 * location object: each worker is sent a location once (a `define` request), then its number.
 *
 * Both sides are bounded, so that an application that makes a new inline function for every
 * task (each a distinct source text) does not grow either heap for as long as the context
 * lives. The pool's numbering keeps the most recently used {@link LocationRefs} keys; a
 * location used again after its key was dropped gets a new number (numbers are never reused,
 * so a number always means one location). Each worker holds at most
 * {@link DefinedLocations}' capacity of definitions: the pool decides which one the worker
 * drops (the `forget` of a define request), and sends it again before a later task uses it.
 */
import { locationKey, type DefineRequest, type TaskLocation } from '../../core/messages.js';

/** How many distinct locations a pool keeps numbers for, by default. */
export const POOL_LOCATION_CAPACITY = 1024;

/** How many locations a worker holds, by default. */
export const WORKER_LOCATION_CAPACITY = 256;

/** The numbering of the task locations of one pool: equal locations get the same number. */
export class LocationRefs {
  /** Fast path: the same location object (a task reference, or an inline function's location). */
  readonly #byObject = new WeakMap<TaskLocation, number>();
  /** Equal locations in different objects (e.g. a new arrow function for every task) share a number; least recently used first. */
  readonly #byKey = new Map<string, number>();
  readonly #capacity: number;
  #next = 0;

  /** @param capacity - how many keys to keep (at least 1). */
  constructor(capacity = POOL_LOCATION_CAPACITY) {
    this.#capacity = Math.max(1, capacity);
  }

  /** How many location keys are kept. */
  get size(): number {
    return this.#byKey.size;
  }

  /** The number of `location`. */
  refOf(location: TaskLocation): number {
    const known = this.#byObject.get(location);
    if (known !== undefined) return known;
    const key = locationKey(location);
    let ref = this.#byKey.get(key);
    if (ref === undefined) {
      ref = this.#next++;
      if (this.#byKey.size >= this.#capacity) this.#byKey.delete(this.#byKey.keys().next().value as string);
    } else {
      this.#byKey.delete(key);
    }
    this.#byKey.set(key, ref);
    this.#byObject.set(location, ref);
    return ref;
  }
}

/** The locations one worker holds, by number; least recently used first. */
export class DefinedLocations {
  readonly #held = new Set<number>();
  readonly #capacity: number;

  /** @param capacity - how many locations the worker may hold (at least 1). */
  constructor(capacity = WORKER_LOCATION_CAPACITY) {
    this.#capacity = Math.max(1, capacity);
  }

  /** How many locations the worker holds. */
  get size(): number {
    return this.#held.size;
  }

  /**
   * The define requests to send before a task that uses `refs` (whose locations are
   * `locations`, index by index): one for each location the worker does not hold, each telling
   * it to forget the least recently used one when it is full. The task's own locations are
   * never forgotten for it; a task using more locations than the capacity overfills it.
   */
  defineFor(refs: readonly number[], locations: readonly TaskLocation[]): readonly DefineRequest[] {
    let requests: DefineRequest[] | undefined;
    refs.forEach((ref, index) => {
      if (this.#held.delete(ref)) {
        this.#held.add(ref);
        return;
      }
      const forget = this.#evictable(refs);
      this.#held.add(ref);
      const location = locations[index] as TaskLocation;
      (requests ??= []).push(
        forget === undefined ? { type: 'define', ref, location } : { type: 'define', ref, location, forget },
      );
    });
    return requests ?? NO_REQUESTS;
  }

  /** A define request for `ref` could not be posted: the worker does not hold it. */
  lost(ref: number): void {
    this.#held.delete(ref);
  }

  /** Drops, and returns, the least recently used location not in `inUse`, when full. */
  #evictable(inUse: readonly number[]): number | undefined {
    if (this.#held.size < this.#capacity) return undefined;
    for (const ref of this.#held) {
      if (inUse.includes(ref)) continue;
      this.#held.delete(ref);
      return ref;
    }
    return undefined;
  }
}

const NO_REQUESTS: readonly DefineRequest[] = [];
