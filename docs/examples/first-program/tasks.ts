// tasks.ts: runs in a worker thread.
import { currentTask } from 'reactive-futures/worker';

/** Yields the primes below `limit`, one at a time; stops at the next number once cancelled. */
export function* primesBelow(limit: number): Generator<number, string> {
  const task = currentTask();
  let found = 0;
  for (let n = 2; n < limit && !task.cancelled(); n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (prime) {
      found++;
      yield n;
    }
  }
  return `${found} primes below ${limit}`;
}
