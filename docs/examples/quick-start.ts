import { Executor, submitCall, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor(); // worker threads, one per core at most
try {
  const future = submitCall(executor, tasks.square, 12); // CallFuture<number>, at once
  future.observe('done', () => console.log(`The square of 12 is ${future.result}`));
  await future.settled();
} finally {
  await executor.shutdown();
}
