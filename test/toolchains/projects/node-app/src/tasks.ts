import { currentTask } from 'reactive-futures/worker';
import { transfer } from 'reactive-futures';

export function square(n: number): number {
  return n * n;
}

export function* countTo(limit: number): Generator<number, string> {
  const task = currentTask();
  for (let i = 1; i <= limit && !task.cancelled(); i++) yield i;
  return 'counted';
}

/**
 * Moves a MessagePort back with `transfer` from the main entry, not from 'reactive-futures/worker':
 * a port can only be moved, so this fails unless the worker runtime sees the very `transfer` marks
 * of the module a task imports (the built worker entry is one bundled file; the modules whose
 * state tasks share with it stay separate).
 */
export function movedPort(): { port: MessagePort; worked: string } {
  const { port1 } = new MessageChannel();
  return transfer({ port: port1, worked: 'moved' }, [port1]);
}
