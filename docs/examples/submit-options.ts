import { Executor, submitCall, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.ts', import.meta.url));

const executor = new Executor({ maxWorkers: 1 });
try {
  // A time limit for this task: it is cancelled, then fails with TaskTimeoutError.
  const limited = submitCall({ executor, timeout: 100 }, tasks.spinUntilCancelled);
  await limited.settled();
  console.log(`limited: ${limited.state} with ${limited.exception.type}`);

  // An AbortSignal: aborting it cancels the future, as cancel() would.
  const controller = new AbortController();
  const counting = submitIteration({ executor, signal: controller.signal }, tasks.naturals);
  counting.observe('resultEvent', (event) => {
    if (event.new === 3) controller.abort();
  });
  await counting.settled();
  console.log(`aborted: ${counting.state}`);

  // A signal that is already aborted: the future is cancelling at once; the task never runs.
  const skipped = submitCall({ executor, signal: AbortSignal.abort() }, tasks.square, 2);
  console.log(`already aborted: ${skipped.state}`);
  await skipped.settled();
  console.log(`already aborted: ${skipped.state}`);
} finally {
  await executor.shutdown();
}
