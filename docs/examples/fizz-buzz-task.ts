// The Fizz-Buzz task kind: a runner (background), a future (main thread), a specification.
import {
  BaseFuture,
  taskModule,
  type CancelCallback,
  type Executor,
  type TaskSpecification,
} from 'reactive-futures';
import type { TaskContext } from 'reactive-futures/worker';

/** Background: counts from 1 and sends fizz, buzz or fizzBuzz; stops when cancelled. */
export async function fizzBuzz(task: TaskContext, pauseMs: number): Promise<void> {
  for (let n = 1; !task.cancelled(); n++) {
    if (n % 15 === 0) task.send('fizzBuzz', n);
    else if (n % 3 === 0) task.send('fizz', n);
    else if (n % 5 === 0) task.send('buzz', n);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** The events of a Fizz-Buzz future: one per message type, `new` is the number. */
export interface FizzBuzzEvents {
  readonly fizz: number;
  readonly buzz: number;
  readonly fizzBuzz: number;
}

/** Main thread: `observe('fizz' | 'buzz' | 'fizzBuzz')` works with no code; it also counts. */
export class FizzBuzzFuture extends BaseFuture<void, FizzBuzzEvents> {
  #messages = 0;

  /** How many messages arrived. */
  get messageCount(): number {
    return this.#messages;
  }

  protected override dispatch(type: string, arg: unknown): void {
    this.#messages += 1;
    super.dispatch(type, arg); // fires the event `type` with `new: arg`
  }
}

const runners = taskModule<typeof import('./fizz-buzz-task.js')>(
  new URL('./fizz-buzz-task.js', import.meta.url),
);

/** The specification: which future to make, and what to run in the background. */
export class BackgroundFizzBuzz implements TaskSpecification<FizzBuzzFuture> {
  constructor(readonly pauseMs: number) {}

  future(cancel: CancelCallback): FizzBuzzFuture {
    return new FizzBuzzFuture(cancel);
  }

  task(): { runner: typeof runners.fizzBuzz; args: [number] } {
    return { runner: runners.fizzBuzz, args: [this.pauseMs] };
  }
}

/** The convenience function, like submitCall. */
export function submitFizzBuzz(executor: Executor, pauseMs = 1): FizzBuzzFuture {
  return executor.submit(new BackgroundFizzBuzz(pauseMs));
}
