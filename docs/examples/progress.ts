import { Executor, submitProgress, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor();
try {
  // The library appends the `progress` callback: pass only the arguments before it.
  const future = submitProgress(executor, tasks.countPrimes, 10_000, 2_500);
  future.observe('progress', ({ new: [done, total, found] }) => {
    console.log(`${done} of ${total} chunks processed. ${found} primes found`);
  });
  await future.settled();
  console.log(`There are ${future.result} primes smaller than 10000`);
} finally {
  await executor.shutdown();
}
