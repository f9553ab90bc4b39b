/**
 * A call cannot be interrupted: after cancel() the future stays "cancelling" until the call
 * returns by itself, and only then becomes "cancelled" (its result is discarded). Compare
 * with interruptible.ts (the Python guide's non_interruptible_task.py).
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/non-interruptible.ts [samples=100000000] [--no-cancel]
 */
import { performance } from 'node:perf_hooks';
import { Executor, submitCall, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks/pi.js')>(new URL('./tasks/pi.js', import.meta.url));

const positionals = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const samples = Number(positionals[0] ?? 100_000_000);
const cancel = !process.argv.includes('--no-cancel');

const executor = new Executor();
try {
  const future = submitCall(executor, tasks.piByMonteCarlo, samples);
  let cancelledAt = 0;

  future.observe('state', (event) => {
    console.log(`state: ${event.new}`);
    // Press "Cancel" as soon as the call is running, so it has a whole computation ahead.
    if (event.new === 'executing' && cancel && future.cancel()) {
      cancelledAt = performance.now();
      console.log('Cancelling');
    }
  });

  future.observe('done', () => {
    if (future.state === 'cancelled') {
      const waited = Math.round(performance.now() - cancelledAt);
      console.log(`Cancelled (after ${waited} ms in "cancelling": the call ran to its end)`);
    } else if (future.state === 'failed') console.log(`Unexpected error: ${future.exception.message}`);
    else console.log(`Complete: π ≈ ${future.result.toFixed(6)}`);
  });

  await future.settled();
} finally {
  await executor.shutdown();
}
