/**
 * Slow squares: many concurrent calls of an unreliable function, each followed through its
 * states, then "cancel all" (the Python guide's slow_squares.py, without the table window).
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/slow-squares.ts [count=10] [timeScale=0.1]
 *   count      how many squares to ask for
 *   timeScale  real seconds per simulated second (1 = the guide's timings, up to 5 s per call)
 */
import { Executor, submitCall, taskModule, type CallFuture } from 'reactive-futures';

// A typed reference to the task module: the workers import it by URL; here we only name exports.
const tasks = taskModule<typeof import('./tasks/slow-square.js')>(
  new URL('./tasks/slow-square.js', import.meta.url),
);

const count = Number(process.argv[2] ?? 10);
const timeScale = Number(process.argv[3] ?? 0.1);

/** Prints a future's state changes and, once it is done, its outcome. Called on the main thread. */
function follow(label: string, future: CallFuture<number>): void {
  future.observe('state', (event) => {
    if (!future.done) console.log(`${label}: ${event.new}`);
  });
  // `done` fires once, after the final state: the place to read `result` or `exception`.
  future.observe('done', () => {
    if (future.state === 'completed') console.log(`${label}: Completed: result=${future.result}`);
    else if (future.state === 'failed') console.log(`${label}: Failed: ${future.exception.message}`);
    else console.log(`${label}: Cancelled`);
  });
}

// Four workers, so four calls sleep at once while the others wait in the queue.
const executor = new Executor({ maxWorkers: 4 });
try {
  const futures: CallFuture<number>[] = [];
  for (let i = 0; i < count; i++) {
    const n = (i * 37) % 101; // inputs spread over 0..100, as a user might pick them
    const future = submitCall(executor, tasks.slowSquare, n, timeScale);
    follow(`#${i} square(${n})`, future);
    futures.push(future);
  }

  // Once half of them are done, press "cancel all". cancel() returns false on finished futures.
  await new Promise<void>((resolve) => {
    let done = 0;
    for (const future of futures) {
      future.observe('done', () => {
        if (++done === Math.ceil(count / 2)) resolve();
      });
    }
  });
  const cancelled = futures.filter((future) => future.cancel()).length;
  console.log(`Cancel all: ${cancelled} of ${count} futures were still cancellable`);

  // Running calls cannot be interrupted: they stay "cancelling" until their call returns.
  await Promise.all(futures.map((future) => future.settled()));
  const tally = new Map<string, number>();
  for (const future of futures) tally.set(future.state, (tally.get(future.state) ?? 0) + 1);
  console.log(`Summary: ${[...tally].map(([state, n]) => `${n} ${state}`).join(', ')}`);
} finally {
  await executor.shutdown();
}
