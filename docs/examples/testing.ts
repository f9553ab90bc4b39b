import assert from 'node:assert/strict';
import { Executor, InlineContext, submitCall, submitIteration } from 'reactive-futures';
import { ManualScheduler, waitFor } from 'reactive-futures/testing';

// 1. Real worker threads: wait with waitFor (it rejects after `timeout` ms), then shut down.
const executor = new Executor();
try {
  const future = submitCall(executor, (x: number, y: number) => x ** y, 3, 5);
  await waitFor(future, 'done', (f) => f.done, { timeout: 5000 });
  assert.equal(future.result, 243);
  console.log('worker thread: ok');
} finally {
  await executor.shutdown({ timeout: 5000 });
}

// 2. Deterministic: the inline context, with a scheduler the test drives by hand.
const scheduler = new ManualScheduler();
const manual = new Executor({ context: new InlineContext({ schedule: scheduler.schedule }) });
/** Runs what is scheduled, and the promise jobs that follow, until nothing is left. */
async function drain(): Promise<void> {
  while (scheduler.runAll() > 0) await new Promise((resolve) => setImmediate(resolve));
}

const items: string[] = [];
const future = submitIteration(manual, function* () {
  yield 'a';
  yield 'b';
});
future.observe('resultEvent', (event) => items.push(event.new));
assert.equal(future.getSnapshot().state, 'waiting'); // nothing runs until the test says so
assert.equal(scheduler.pending, 1);
await drain();
assert.deepEqual(items, ['a', 'b']);
assert.equal(future.getSnapshot().state, 'completed');
console.log(`inline, by hand: ${items.join(' ')} ${future.state}`);

const stopping = manual.shutdown();
await drain();
await stopping;
console.log(`executor ${manual.state}`);
