/**
 * Prime counting: a long calculation that reports progress, with a way to cancel it (the
 * Python guide's prime_counting.py, with the progress dialog printed as lines).
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/prime-counting.ts [limit=1000000] [chunkSize=10000] [--cancel-after=K]
 *   --cancel-after=K  press "Cancel" once K chunks are processed (the run then ends "Run cancelled")
 */
import { parseArgs } from 'node:util';
import { Executor, submitProgress, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks/primes.js')>(new URL('./tasks/primes.js', import.meta.url));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'cancel-after': { type: 'string' } },
});
const limit = Number(positionals[0] ?? 1_000_000);
const chunkSize = Number(positionals[1] ?? 10_000);
const cancelAfter = values['cancel-after'] === undefined ? Infinity : Number(values['cancel-after']);

const executor = new Executor();
try {
  // The library appends the `progress` callback to the arguments given here.
  const future = submitProgress(executor, tasks.countPrimesLessThan, limit, chunkSize);

  future.observe('progress', ({ new: [chunksDone, totalChunks, primesSoFar] }) => {
    console.log(`${chunksDone} of ${totalChunks} chunks processed. ${primesSoFar} primes found`);
    if (chunksDone >= cancelAfter) {
      // cancel() returns true only if the future was still cancellable: say "Cancelling…"
      // only then. The task sees the request at its next progress() call, which throws.
      if (future.cancel()) console.log('Cancelling…');
    }
  });

  await future.settled();
  if (future.state === 'completed') console.log(`There are ${future.result} primes smaller than ${limit}`);
  else if (future.state === 'cancelled') console.log('Run cancelled');
  else console.log(`Run failed: ${future.exception.message}`);
} finally {
  await executor.shutdown();
}
