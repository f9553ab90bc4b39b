/**
 * Task module of the prime-counting example: a long computation that reports its progress.
 */
import type { ProgressCallback } from 'reactive-futures/worker';

/** Reported before each chunk and once at the end. */
export type PrimeProgress = readonly [chunksDone: number, totalChunks: number, primesSoFar: number];

/** Whether `n` is prime, by trial division: slow on purpose, so there is progress to watch. */
function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

/**
 * Counts the primes smaller than `limit`, `chunkSize` numbers at a time. Each `progress()`
 * call is also a cancellation point: once the future is cancelled, it throws `TaskCancelled`,
 * which ends the task.
 */
export function countPrimesLessThan(
  limit: number,
  chunkSize: number,
  progress: ProgressCallback<PrimeProgress>,
): number {
  const totalChunks = Math.ceil(limit / chunkSize);
  let primes = 0;
  for (let chunk = 0; chunk < totalChunks; chunk++) {
    progress([chunk, totalChunks, primes]);
    const end = Math.min(limit, (chunk + 1) * chunkSize);
    for (let n = chunk * chunkSize; n < end; n++) if (isPrime(n)) primes++;
  }
  progress([totalChunks, totalChunks, primes]);
  return primes;
}
