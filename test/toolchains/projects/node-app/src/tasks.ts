import { currentTask } from 'reactive-futures/worker';

export function square(n: number): number {
  return n * n;
}

export function* countTo(limit: number): Generator<number, string> {
  const task = currentTask();
  for (let i = 1; i <= limit && !task.cancelled(); i++) yield i;
  return 'counted';
}
