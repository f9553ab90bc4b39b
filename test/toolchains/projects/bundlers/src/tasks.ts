// Runs in the Web Worker.
import { currentTask } from 'reactive-futures/worker';

/** Squares `n` after `steps` pauses, giving up at a cancel. */
export async function slowSquare(n: number, steps: number): Promise<number> {
  const task = currentTask();
  for (let step = 0; step < steps && !task.cancelled(); step++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return n * n;
}
