/**
 * π iterations: an endless generator streams Monte-Carlo estimates of π, printed as they
 * arrive, until we cancel it (the Python guide's pi_iterations.py, printed instead of plotted).
 * The generator never returns, so cancelling is the only way it ends.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/pi-iterations.ts [estimates=10] [chunkSize=1000000]
 */
import { Executor, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks/pi.js')>(new URL('./tasks/pi.js', import.meta.url));

const wanted = Number(process.argv[2] ?? 10);
const chunkSize = Number(process.argv[3] ?? 1_000_000);

const executor = new Executor();
try {
  const future = submitIteration(executor, tasks.piEstimates, chunkSize);
  future.observe('state', (event) => console.log(`state: ${event.new}`));

  let received = 0;
  // One `resultEvent` per yielded item, in order, on the main thread.
  future.observe('resultEvent', ({ new: [samples, estimate, error] }) => {
    received++;
    console.log(
      `estimate ${received}: π ≈ ${estimate.toFixed(6)} ± ${error.toFixed(6)} (${samples.toLocaleString('en-US')} samples)`,
    );
    // Items already on their way are dropped after cancel(): no estimate arrives after this.
    if (received === wanted) future.cancel();
  });

  await future.settled();
  console.log(`Stopped after ${received} estimates; final state: ${future.state}`);
  if (future.state === 'failed') console.log(`Failed: ${future.exception.message}`);
} finally {
  await executor.shutdown();
}
