// Submits a task and awaits nothing: a running task keeps the process alive until it is done,
// like a pending timer would, and the process then exits by itself.
import { Executor, submitCall } from 'reactive-futures';

const executor = new Executor({ maxWorkers: 1 });
const future = submitCall(
  executor,
  async (ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'slept';
  },
  300,
);
future.observe('done', () => console.log(future.state, future.state === 'completed' ? future.result : ''));
