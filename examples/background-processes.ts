/**
 * Background processes: slow squares run in child processes instead of worker threads (the
 * Python guide's background_processes.py). Only the context changes; the futures behave the
 * same. The application owns the context it passes in, so it closes it itself.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/background-processes.ts [count=6] [timeScale=0.05]
 */
import { Executor, ProcessContext, submitCall, taskModule } from 'reactive-futures';

// Child processes import the task by module URL: the function must be an export of a task
// module (an inline function would work too, but could not use anything outside its body).
const tasks = taskModule<typeof import('./tasks/slow-square.js')>(
  new URL('./tasks/slow-square.js', import.meta.url),
);

const count = Number(process.argv[2] ?? 6);
const timeScale = Number(process.argv[3] ?? 0.05);

// Two child processes: a crash or an out-of-memory error in one fails only its own task.
const context = new ProcessContext({ maxWorkers: 2 });
const executor = new Executor({ context });
try {
  const futures = Array.from({ length: count }, (_, i) => {
    const n = (i * 37) % 101;
    const future = submitCall(executor, tasks.slowSquare, n, timeScale);
    future.observe('done', () => {
      if (future.state === 'completed') console.log(`square(${n}): Completed: result=${future.result}`);
      else if (future.state === 'failed') console.log(`square(${n}): Failed: ${future.exception.message}`);
      else console.log(`square(${n}): Cancelled`);
    });
    return future;
  });
  await Promise.all(futures.map((future) => future.settled()));
} finally {
  await executor.shutdown();
  await context.close(); // a borrowed context is never closed by the executor
}
