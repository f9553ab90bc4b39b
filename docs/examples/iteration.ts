import { Executor, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor();
try {
  const future = submitIteration(executor, tasks.piEstimates, 4000, 1000);
  future.observe('resultEvent', (event) => console.log(`Running: π ≈ ${event.new.toFixed(4)}`));
  await future.settled();
  console.log(`Complete: π ≈ ${future.result.toFixed(6)}`); // the generator's return value

  // The same items, read as an async iterator.
  const again = submitIteration(executor, tasks.piEstimates, 2000, 1000);
  for await (const estimate of again.values()) console.log(`values(): ${estimate.toFixed(4)}`);
  console.log(`final state: ${again.state}`);
} finally {
  await executor.shutdown();
}
