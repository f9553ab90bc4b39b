/**
 * Task functions of the performance-mechanism tests (run in worker threads).
 */
import { currentTask } from 'reactive-futures/worker';

/** Yields 0…count-1, recording in `progress[0]` how many it produced and in `progress[1]` that its `finally` ran. */
export function* countShared(count: number, progress: Int32Array): Generator<number, string> {
  try {
    for (let i = 0; i < count; i++) {
      Atomics.store(progress, 0, i + 1);
      yield i;
    }
    return 'done';
  } finally {
    Atomics.store(progress, 1, 1);
  }
}

/** The async version of {@link countShared}. */
export async function* countSharedAsync(count: number, progress: Int32Array): AsyncGenerator<number, string> {
  try {
    for (let i = 0; i < count; i++) {
      Atomics.store(progress, 0, i + 1);
      yield await Promise.resolve(i);
    }
    return 'done';
  } finally {
    Atomics.store(progress, 1, 1);
  }
}

export function identity(value: number): number {
  return value;
}

/** Returns `value` after a microtask: it ends after its worker took in every request of its batch. */
export async function identityAfterAwait(value: number): Promise<number> {
  await Promise.resolve();
  return value;
}

/** Never checks for cancellation. */
export function spinForever(): never {
  for (;;);
}

export function spinUntilCancelled(): number {
  const task = currentTask();
  let spins = 0;
  while (!task.cancelled()) spins++;
  return spins;
}

/** Returns `value`, first blocking (without checking for cancellation) until `gate[0]` is not 0 when `gate` is given. */
export function identityOrBlock(value: number, gate?: Int32Array): number {
  if (gate !== undefined) Atomics.wait(gate, 0, 0, 20_000);
  return value;
}
