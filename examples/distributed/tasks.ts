/**
 * Task functions of the distributed demo. They run in worker threads of the runner processes;
 * each tells which runner it is on (the runner's name comes from its environment).
 */
import { currentTask } from 'reactive-futures/worker';
import type { ProgressCallback } from 'reactive-futures';

/** The name of the runner this task runs on. */
function runnerName(): string {
  return process.env['RF_RUNNER_NAME'] ?? `pid ${process.pid}`;
}

/** One estimate of π, and where it was computed. */
export interface PiEstimate {
  readonly runner: string;
  readonly samples: number;
  readonly estimate: number;
}

/** Estimates π by sampling random points, yielding a running estimate every `step` samples. */
export function* approximatePi(samples: number, step: number): Generator<PiEstimate, number> {
  let inside = 0;
  for (let done = 1; done <= samples; done++) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y <= 1) inside++;
    if (done % step === 0) yield { runner: runnerName(), samples: done, estimate: (4 * inside) / done };
  }
  return (4 * inside) / samples;
}

/** Progress of a prime count: how far, and where. */
export interface CountProgress {
  readonly runner: string;
  readonly fraction: number;
}

/** Counts the primes below `limit`, reporting progress 100 times. */
export function countPrimes(limit: number, progress: ProgressCallback<CountProgress>): number {
  let count = 0;
  const every = Math.max(1, Math.floor(limit / 100));
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= n; divisor++) {
      if (n % divisor === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
    if (n % every === 0) progress({ runner: runnerName(), fraction: n / limit });
  }
  return count;
}

/** Spins until cancelled (a synchronous loop: it sees the cancel through shared memory), sending its runner first. */
export function spinUntilCancelled(): number {
  const task = currentTask();
  task.send('runner', runnerName());
  let spins = 0;
  while (!task.cancelled()) spins++;
  return spins;
}
