// The task module of reactive-futures in the benchmarks.
import { currentTask, transfer } from 'reactive-futures/worker';
export { noop, echo, spinFor } from './functions.mjs';

export function echoTransfer(value) {
  return transfer(value, [value.buffer]);
}

export function* stream(count) {
  for (let i = 0; i < count; i++) yield i;
  return count;
}

/** Spins until cancellation is requested: the cooperative way, no message needed. */
export function spinUntilCancelled() {
  const task = currentTask();
  let spins = 0;
  while (!task.cancelled()) spins++;
  return spins;
}

/** Never checks for cancellation: only cancel({ force: true }) ends it. */
export function spinForever() {
  for (;;);
}
