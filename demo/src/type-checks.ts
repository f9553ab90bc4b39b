/**
 * Compile-time checks that types flow from tasks.ts to the futures (`tsc -p demo`); never
 * bundled. Each `@ts-expect-error` fails the check if the mistake below it stops being one.
 */
import { submitCall, submitIteration, submitProgress, type Executor } from 'reactive-futures/custom-worker';
import type { CallFuture, IterationFuture, ProgressFuture } from 'reactive-futures/custom-worker';
import { tasks } from './environment.js';
import type { PiEstimate, PrimeProgress } from './tasks.js';

export function typeChecks(executor: Executor): void {
  const square: CallFuture<number> = submitCall(executor, tasks.slowSquare, 3);
  const pi: IterationFuture<PiEstimate, never> = submitIteration(executor, tasks.approximatePi, 10);
  const primes: ProgressFuture<number, PrimeProgress> = submitProgress(executor, tasks.countPrimes, 100, 10);
  // @ts-expect-error: slowSquare takes a number
  submitCall(executor, tasks.slowSquare, 'three');
  // @ts-expect-error: the result of slowSquare is a number, not a string
  const wrong: CallFuture<string> = submitCall(executor, tasks.slowSquare, 3);
  // @ts-expect-error: the task module has no export named missing
  submitCall(executor, tasks.missing);
  console.log(square, pi, primes, wrong);
}
