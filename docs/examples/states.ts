import { Executor, submitCall, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor({ maxWorkers: 1 });
try {
  const future = submitCall(executor, tasks.square, 3);
  console.log(`submitted: state=${future.state} cancellable=${future.cancellable} done=${future.done}`);
  future.observe('state', (event) => console.log(`state: ${String(event.old)} -> ${event.new}`));
  future.observe('cancellable', (event) => console.log(`cancellable: ${String(event.new)}`));
  future.observe('done', () => console.log(`done, result ${future.result}`));
  await future.settled();

  const snapshot = future.getSnapshot(); // immutable, the same object until the next change
  if (snapshot.state === 'completed') console.log(`snapshot result ${snapshot.result}`);
  try {
    console.log(submitCall(executor, tasks.square, 4).exception); // 'waiting': nothing to read
  } catch (error) {
    console.log((error as Error).message.split(':')[0]);
  }
} finally {
  await executor.shutdown();
}
