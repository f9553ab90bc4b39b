import { Executor, submitCall, submitIteration, submitProgress, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor({ maxWorkers: 1 });
try {
  // Iteration: checked before each item; no item arrives after cancel() returns.
  const counting = submitIteration(executor, tasks.naturals);
  const seen: number[] = [];
  counting.observe('resultEvent', (event) => {
    seen.push(event.new);
    if (seen.length === 3) console.log(`cancel() returned ${counting.cancel()}`);
  });
  await counting.settled();
  console.log(`iteration: ${counting.state} after items ${seen.join(', ')}`);

  // Progress: the next progress() call throws TaskCancelled inside the task.
  const primes = submitProgress(executor, tasks.countPrimes, 10_000_000, 1000);
  primes.observe('progress', () => primes.cancel());
  await primes.settled();
  console.log(`progress: ${primes.state}`);

  // Call: one worker is busy, so the second call waits; cancelled while waiting, it never runs.
  const spinner = submitCall(executor, tasks.spinUntilCancelled);
  const queued = submitCall(executor, tasks.square, 5);
  console.log(`queued call: cancel() returned ${queued.cancel()}, state ${queued.state}`);
  console.log(`second cancel() returned ${queued.cancel()}`);
  await queued.settled();
  console.log(`queued call: ${queued.state}`);

  // A task that never checks can be stopped by terminating its worker.
  spinner.cancel({ force: true });
  await spinner.settled();
  console.log(`spinner: ${spinner.state}`);
} finally {
  await executor.shutdown();
}
