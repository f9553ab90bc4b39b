// Creates an executor, runs tasks of every kind, awaits shutdown() and then does nothing:
// the process must exit by itself.
import { Executor, submitCall, submitIteration, submitProgress, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('../../fixtures/tasks.js')>(
  new URL('../../fixtures/tasks.ts', import.meta.url),
);
const executor = new Executor({ maxWorkers: 2 });
const futures = [
  submitCall(executor, tasks.square, 4),
  submitIteration(executor, tasks.count, 3),
  submitProgress(executor, tasks.report, 2),
];
await Promise.all(futures.map((future) => future.settled()));
await executor.shutdown();
console.log(futures.map((future) => future.state).join(' '), executor.state);
