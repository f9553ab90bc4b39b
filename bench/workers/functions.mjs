// The work every contender runs, so that only the machinery differs.

/** A trivial task. */
export function noop(value) {
  return value;
}

/** Returns its argument (a copy came in, a copy goes back). */
export function echo(value) {
  return value;
}

/** Busy for `ms` milliseconds without ever yielding: only termination stops it early. */
export function spinFor(ms) {
  const end = Date.now() + ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return spins;
}
