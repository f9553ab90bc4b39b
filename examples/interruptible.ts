/**
 * Making a long computation cancellable: written as a generator, it yields its running
 * estimate now and then, and each `yield` is a point where a cancelled task stops. Compare
 * with non-interruptible.ts (the Python guide's interruptible_task.py).
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/interruptible.ts [samples=100000000] [reportInterval=100000] [--cancel-after=K | --no-cancel]
 *   --cancel-after=K  press "Cancel" once K running estimates arrived (default 5)
 */
import { performance } from 'node:perf_hooks';
import { Executor, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks/pi.js')>(new URL('./tasks/pi.js', import.meta.url));

const positionals = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const samples = Number(positionals[0] ?? 100_000_000);
const reportInterval = Number(positionals[1] ?? 100_000);
const cancelOption = process.argv.find((arg) => arg.startsWith('--cancel-after='));
const cancelAfter = process.argv.includes('--no-cancel') ? Infinity : Number(cancelOption?.slice(15) ?? 5);

const executor = new Executor();
try {
  const future = submitIteration(executor, tasks.approximatePi, samples, reportInterval);
  let estimates = 0;
  let cancelledAt = 0;

  future.observe('state', (event) => console.log(`state: ${event.new}`));

  // Partial results arrive as items; the final estimate will be the generator's return value.
  future.observe('resultEvent', ({ new: estimate }) => {
    console.log(`Running: π ≈ ${estimate.toFixed(6)}`);
    if (++estimates === cancelAfter && future.cancel()) {
      cancelledAt = performance.now();
      console.log('Cancelling');
    }
  });

  future.observe('done', () => {
    if (future.state === 'cancelled') {
      const waited = Math.round(performance.now() - cancelledAt);
      console.log(`Cancelled (after ${waited} ms in "cancelling": the generator stopped at its next yield)`);
    } else if (future.state === 'failed') console.log(`Unexpected error: ${future.exception.message}`);
    else console.log(`Complete: π ≈ ${future.result.toFixed(6)}`);
  });

  await future.settled();
} finally {
  await executor.shutdown();
}
