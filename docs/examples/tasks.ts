// A task module: its exports run in worker threads, referenced with taskModule().
import { currentTask, type ProgressCallback } from 'reactive-futures/worker';

export function square(n: number): number {
  return n * n;
}

/** Counts the primes below `limit`, reporting [chunksDone, totalChunks, primesSoFar]. */
export function countPrimes(
  limit: number,
  chunkSize: number,
  progress: ProgressCallback<readonly [number, number, number]>,
): number {
  const chunks = Math.ceil(limit / chunkSize);
  let found = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    progress([chunk, chunks, found]); // throws TaskCancelled once cancellation was requested
    const end = Math.min(limit, (chunk + 1) * chunkSize);
    for (let n = chunk * chunkSize; n < end; n++) if (isPrime(n)) found++;
  }
  progress([chunks, chunks, found]);
  return found;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** Yields an estimate of π every `step` terms of the Leibniz series; returns the last. */
export function* piEstimates(terms: number, step: number): Generator<number, number> {
  let sum = 0;
  for (let k = 0; k < terms; k++) {
    sum += (k % 2 === 0 ? 4 : -4) / (2 * k + 1);
    if ((k + 1) % step === 0) yield sum;
  }
  return sum;
}

/** Counts forever; each number is a cancellation point. */
export function* naturals(): Generator<number> {
  for (let n = 1; ; n++) yield n;
}

/** Spins until cancelled, checking the shared cancellation flag. Returns how many spins. */
export function spinUntilCancelled(): number {
  const task = currentTask();
  let spins = 0;
  while (!task.cancelled()) spins++;
  return spins;
}
