import { Executor, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor({ maxWorkers: 1 });
executor.observe('state', (event) => console.log(`executor: ${String(event.old)} -> ${String(event.new)}`));

const endless = submitIteration(executor, tasks.naturals);
endless.observe('state', (event) => console.log(`future: ${String(event.old)} -> ${event.new}`));

// stop() cancels every unfinished future and returns at once.
executor.stop();
console.log(`after stop(): running=${executor.running} stopped=${executor.stopped}`);
try {
  submitIteration(executor, tasks.naturals); // not running: throws, nothing is queued
} catch (error) {
  console.log(`submit: ${(error as Error).name}`);
}

// shutdown() waits for the futures to finish and the worker threads to end.
await executor.shutdown({ timeout: 10_000 });
console.log(`after shutdown(): state=${executor.state}, future ${endless.state}`);
