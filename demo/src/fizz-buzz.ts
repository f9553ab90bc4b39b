/**
 * Fizz-Buzz as a custom task kind (SPEC §3.7, the guide's fizz_buzz_task): a future that
 * counts the messages it receives, a task specification that pairs it with the `fizzBuzz`
 * runner of the task module, and `submitFizzBuzz`.
 */
import {
  BaseFuture,
  taskModule,
  type CancelCallback,
  type Executor,
  type TaskInvocation,
  type TaskSpecification,
} from 'reactive-futures/custom-worker';

const tasks = taskModule<typeof import('./tasks.js')>('demo:tasks');

/** The messages of the Fizz-Buzz runner; each is an event of the same name on the future. */
export type FizzBuzzMessage = 'fizz' | 'buzz' | 'fizzBuzz';

/** The future of a Fizz-Buzz task; its events are the runner's messages, `new` the number. Main thread. */
export class FizzBuzzFuture extends BaseFuture<void, Record<FizzBuzzMessage, number>> {
  #count = 0;

  /** How many messages arrived so far. */
  get messageCount(): number {
    return this.#count;
  }

  protected override dispatch(type: string, arg: unknown): void {
    this.#count += 1;
    super.dispatch(type, arg);
  }
}

/** The Fizz-Buzz task specification. */
export class BackgroundFizzBuzz implements TaskSpecification<FizzBuzzFuture> {
  readonly #pauseMs: number;

  /** @param pauseMs - the pause between numbers. */
  constructor(pauseMs: number) {
    this.#pauseMs = pauseMs;
  }

  future(cancel: CancelCallback): FizzBuzzFuture {
    return new FizzBuzzFuture(cancel);
  }

  task(): TaskInvocation {
    return { runner: tasks.fizzBuzz, args: [this.#pauseMs] };
  }
}

/** Starts Fizz-Buzz in the background. */
export function submitFizzBuzz(executor: Executor, pauseMs: number): FizzBuzzFuture {
  return executor.submit(new BackgroundFizzBuzz(pauseMs));
}
