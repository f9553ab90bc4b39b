/**
 * The demo's task module: everything here runs in a Web Worker. The worker entry
 * (`tasks.worker.ts`) imports it statically and registers it as `demo:tasks`; the pages refer
 * to its exports with `taskModule<typeof import('./tasks.js')>('demo:tasks')`, so types flow
 * from these signatures to the futures.
 *
 * Cancellation: with shared memory (a cross-origin-isolated page), `cancelled()` and
 * `progress()` see a cancel at once, even inside a synchronous loop. Without it, the cancel
 * arrives as a message, read only when the task lets the worker's event loop run: that is
 * what {@link breathe} is for, between chunks of work.
 */
import { currentTask, type ProgressCallback, type TaskContext } from 'reactive-futures/worker';

/** Waits `ms`, ending early (rejecting with the abort reason) when `signal` is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Lets the worker's event loop run once, so that a cancel message can be read. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Squares `n`, slowly and unreliably (the guide's slow_squares): it takes an exponentially
 * distributed time with mean (n + 5) / 5 s; a draw over 5 s gives up after 5 s with an error.
 * `timeScale` shrinks every wait (the tests use 0.1).
 */
export async function slowSquare(n: number, timeScale = 1): Promise<number> {
  const { signal } = currentTask();
  const seconds = -Math.log(1 - Math.random()) * ((n + 5) / 5);
  if (seconds > 5) {
    await sleep(5000 * timeScale, signal);
    throw new Error('Calculation took too long.');
  }
  await sleep(seconds * 1000 * timeScale, signal);
  return n * n;
}

/** One π estimate: samples so far, the estimate, and its ~95% confidence half-width. */
export interface PiEstimate {
  readonly samples: number;
  readonly estimate: number;
  readonly error: number;
}

/**
 * An endless stream of π estimates, `chunkSize` new random points each (the guide's
 * pi_iterations). It never returns: cancelling is the only way to stop it.
 */
export async function* approximatePi(chunkSize = 1_000_000): AsyncGenerator<PiEstimate, never> {
  let inside = 0;
  let samples = 0;
  for (;;) {
    for (let i = 0; i < chunkSize; i++) {
      const x = Math.random();
      const y = Math.random();
      if (x * x + y * y < 1) inside++;
    }
    samples += chunkSize;
    const p = inside / samples;
    yield { samples, estimate: 4 * p, error: 4 * 1.96 * Math.sqrt((p * (1 - p)) / samples) };
    await breathe();
  }
}

/** What the prime counter reports: chunks done, chunks in all, primes found so far. */
export interface PrimeProgress {
  readonly chunksDone: number;
  readonly chunks: number;
  readonly primes: number;
}

/** Whether `n` is prime, by trial division (slow on purpose: this is the work). */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** Counts the primes in `[from, to)`. */
export function countPrimesBetween(from: number, to: number): number {
  let count = 0;
  for (let n = from; n < to; n++) if (isPrime(n)) count++;
  return count;
}

/**
 * Counts the primes below `limit` in chunks of `chunkSize`, reporting before each chunk and at
 * the end (the guide's prime_counting). A cancel ends it at the next `progress()` call.
 */
export async function countPrimes(
  limit: number,
  chunkSize: number,
  progress: ProgressCallback<PrimeProgress>,
): Promise<number> {
  const chunks = Math.ceil(limit / chunkSize);
  let primes = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    progress({ chunksDone: chunk, chunks, primes });
    primes += countPrimesBetween(chunk * chunkSize, Math.min(limit, (chunk + 1) * chunkSize));
    await breathe();
  }
  progress({ chunksDone: chunks, chunks, primes });
  return primes;
}

/**
 * The runner of the Fizz-Buzz task kind (see fizz-buzz.ts): counts from 1, one number every
 * `pauseMs`, and sends `fizz`, `buzz` or `fizzBuzz` for multiples of 3, 5 or 15. It runs until
 * cancelled.
 */
export async function fizzBuzz(task: TaskContext, pauseMs: number): Promise<void> {
  for (let n = 1; !task.cancelled(); n++) {
    if (n % 15 === 0) task.send('fizzBuzz', n);
    else if (n % 3 === 0) task.send('fizz', n);
    else if (n % 5 === 0) task.send('buzz', n);
    await sleep(pauseMs, task.signal).catch(() => undefined);
  }
}

/** A busy synchronous job for the responsiveness page: the primes below `limit`, counted. */
export function heavyWork(limit: number): number {
  return countPrimesBetween(0, limit);
}
