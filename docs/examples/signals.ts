import { computed, effect } from '@preact/signals-core';
import { Executor, submitProgress, taskModule } from 'reactive-futures';
import { futureSignal } from 'reactive-futures/signals';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor();
try {
  const future = submitProgress(executor, tasks.countPrimes, 1000, 250);
  const snapshot = futureSignal(future); // ReadonlySignal of the snapshot, plus dispose()
  const percent = computed(() => {
    const [done = 0, total = 1] = snapshot.value.progress ?? [];
    return Math.round((100 * done) / total);
  });
  const stop = effect(() => {
    const { state, done } = snapshot.value; // reading .value subscribes the effect
    if (state === 'waiting' || done) console.log(`${state} ${percent.value}%`);
  });
  await future.settled();
  stop();
  snapshot.dispose(); // stop following the future
} finally {
  await executor.shutdown();
}
