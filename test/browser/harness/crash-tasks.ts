/** Task functions for the Web Worker tests: a worker crash, a spin, a cooperative wait. */
import { currentTask } from 'reactive-futures/worker';

/** Throws outside the task's own flow, which kills the worker; never settles by itself. */
export function crashSoon(message: string): Promise<never> {
  setTimeout(() => {
    throw new Error(message);
  }, 0);
  return new Promise<never>(() => undefined);
}

/** Spins forever, never checking for cancellation: only `cancel({ force: true })` ends it. */
export function spinForever(): never {
  for (;;) {
    // Busy on purpose.
  }
}

/** Waits (asynchronously) until cancelled, then returns whether `cancelled()` says so. */
export async function waitForCancel(): Promise<boolean> {
  const task = currentTask();
  await new Promise((resolve) => task.signal.addEventListener('abort', resolve, { once: true }));
  if (!task.cancelled()) throw new Error('signal aborted but cancelled() is false');
  return true;
}

/** Doubles `n`. */
export function double(n: number): number {
  return n * 2;
}
