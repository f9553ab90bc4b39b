import { Executor, submitCall, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./more-tasks.js')>(new URL('./more-tasks.ts', import.meta.url));

const executor = new Executor({ maxWorkers: 1 });
try {
  const future = submitCall(executor, tasks.ignoreCancel); // never checks for cancellation
  await new Promise((resolve) => future.observe('state', resolve)); // executing
  // A "Cancel" button bound to `cancellable`, a "Force" button bound to `forceCancellable`.
  const show = (): string =>
    `${future.state}, cancellable ${future.cancellable}, forceCancellable ${future.forceCancellable}`;
  console.log(`cancel() returned ${future.cancel()}: ${show()}`);
  console.log(`cancel() returned ${future.cancel()}: nothing more to ask`);
  console.log(`cancel({ force: true }) returned ${future.cancel({ force: true })}: ${show()}`);
  console.log(`cancel({ force: true }) returned ${future.cancel({ force: true })}: already forced`);
  await future.settled();
  console.log(`then: ${show()}`);
} finally {
  await executor.shutdown();
}
