// Force-cancels a task that never checks, then awaits shutdown(): the termination must keep the
// process alive until it is done, and the process must then exit by itself.
import { Executor, submitCall, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('../../fixtures/tasks.js')>(
  new URL('../../fixtures/tasks.ts', import.meta.url),
);
const executor = new Executor({ maxWorkers: 1 });
const future = submitCall(executor, tasks.spinUntilCancelled);
future.observe('state', (event) => {
  if (event.new === 'executing') future.cancel({ force: true });
});
await future.settled();
await executor.shutdown();
console.log(future.state, executor.state);
