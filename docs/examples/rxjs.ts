import { Executor, TaskFailedError, submitCall, submitIteration, taskModule } from 'reactive-futures';
import { items$, snapshots$ } from 'reactive-futures/rxjs';
import { distinctUntilChanged, firstValueFrom, lastValueFrom, map, take, toArray } from 'rxjs';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor();
try {
  // Snapshots: the current one, one per change, completing after the final one.
  const states = snapshots$(submitCall(executor, tasks.square, 9)).pipe(
    map((snapshot) => snapshot.state),
    distinctUntilChanged(),
    toArray(),
  );
  console.log((await lastValueFrom(states)).at(-1));

  // Items: complete with the iteration.
  const estimates = items$(submitIteration(executor, tasks.piEstimates, 3000, 1000));
  console.log((await lastValueFrom(estimates.pipe(toArray()))).map((pi) => pi.toFixed(3)).join(' '));

  // Unsubscribing does not cancel, unless asked: take(3) then cancels the endless task.
  const endless = submitIteration(executor, tasks.naturals);
  console.log(
    (await lastValueFrom(items$(endless, { cancelOnUnsubscribe: true }).pipe(take(3), toArray()))).join(' '),
  );
  await endless.settled();
  console.log(`endless: ${endless.state}`);

  // A failed iteration errors the Observable with TaskFailedError.
  const failing = submitIteration(executor, function* () {
    yield 1;
    throw new RangeError('out of range');
  });
  await firstValueFrom(items$(failing).pipe(toArray())).catch((error: unknown) => {
    if (error instanceof TaskFailedError) console.log(`${error.exception.type}: ${error.exception.message}`);
  });
} finally {
  await executor.shutdown();
}
