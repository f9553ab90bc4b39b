// Runs tasks and never shuts the executor down: idle workers must not keep the process alive.
import { Executor, submitCall, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('../../fixtures/tasks.js')>(
  new URL('../../fixtures/tasks.ts', import.meta.url),
);
const executor = new Executor({ maxWorkers: 2 });
const futures = [submitCall(executor, tasks.square, 5), submitCall(executor, tasks.square, 6)];
await Promise.all(futures.map((future) => future.settled()));
console.log(futures.map((future) => (future.state === 'completed' ? future.result : future.state)).join(' '));
