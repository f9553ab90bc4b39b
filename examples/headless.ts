/**
 * Headless: futures in plain async code, with no UI at all (the Python guide's headless.py,
 * where asyncio plays the event loop). Node's own event loop delivers the messages, so a
 * future can simply be awaited, and its items read with `for await`.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/headless.ts [samples=100000000] [reportInterval=1000000]
 */
import { Executor, submitIteration, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks/pi.js')>(new URL('./tasks/pi.js', import.meta.url));

const samples = Number(process.argv[2] ?? 100_000_000);
const reportInterval = Number(process.argv[3] ?? 1_000_000);

/** Estimates π in the background, printing the running estimates; resolves with the final one. */
async function approximatePi(executor: Executor): Promise<number> {
  const future = submitIteration(executor, tasks.approximatePi, samples, reportInterval);
  // values() yields the items that arrive from now on, so ask for it right after submitting.
  for await (const estimate of future.values()) {
    console.log(`π is approximately ${estimate.toFixed(6)}`);
  }
  // The generator's return value is the future's result. settled() never rejects: check the state.
  await future.settled();
  if (future.state !== 'completed') throw new Error(`The estimate ended ${future.state}`);
  return future.result;
}

const executor = new Executor();
try {
  const pi = await approximatePi(executor);
  console.log(`Final estimate from ${samples.toLocaleString('en-US')} samples: π ≈ ${pi.toFixed(6)}`);
} finally {
  // Unlike the Python example, always shut down: it is what lets the process exit by itself.
  await executor.shutdown();
}
