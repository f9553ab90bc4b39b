import { Executor, submitProgress, taskModule } from 'reactive-futures';
import { futureStore } from 'reactive-futures/svelte';
import { derived, get } from 'svelte/store';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor();
try {
  const future = submitProgress(executor, tasks.countPrimes, 1000, 500);
  const snapshot = futureStore(future); // a readable store: `$snapshot` in a component
  const label = derived(snapshot, ($snapshot) =>
    $snapshot.state === 'completed'
      ? `${$snapshot.result} primes`
      : `${$snapshot.state}, progress ${JSON.stringify($snapshot.progress)}`,
  );
  console.log(get(label)); // get() subscribes, reads, unsubscribes
  const unsubscribe = label.subscribe((text) => {
    if (future.done) console.log(text);
  });
  await future.settled();
  unsubscribe();
} finally {
  await executor.shutdown();
}
