/** Task functions of the browser benchmark page: a trivial call and a stream of numbers. */

/** Returns its argument. */
export function noop(value: number): number {
  return value;
}

/** Yields 0, 1, … `count − 1`, then returns `count`. */
export function* stream(count: number): Generator<number, number> {
  for (let index = 0; index < count; index++) yield index;
  return count;
}
