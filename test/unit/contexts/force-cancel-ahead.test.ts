/**
 * Force-cancelling a task that was sent ahead to a busy worker (and has not started) ends it
 * without terminating anything: the task running on that worker is unaffected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCall, Executor, WorkerContext } from 'reactive-futures';

const contexts: WorkerContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false } | { async: true; value: Promise<string> };

/**
 * Holds its worker (which runs one task at a time) until the test stores 1 in `gate[0]`. It
 * waits asynchronously, so that its `started` message reaches the main thread meanwhile.
 */
async function blockUntilReleased(gate: SharedArrayBuffer): Promise<string> {
  // Atomics.waitAsync is ES2024, beyond the project's lib; Node 20 has it.
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  const waited = waitAsync(new Int32Array(gate), 0, 0);
  if (waited.async) await waited.value;
  return 'released';
}

describe('WorkerContext: force-cancelling a task sent ahead', () => {
  it('cancels it without terminating the worker or failing the running task', async () => {
    const context = new WorkerContext({ maxWorkers: 1 });
    contexts.push(context);
    const executor = new Executor({ context });
    // Short tasks make the pool send tasks ahead to the (only) worker.
    const short = Array.from({ length: 200 }, (_, n) =>
      executor.submit(new BackgroundCall({ callable: (x: number) => x, args: [n] })),
    );
    await Promise.all(short.map((future) => future.settled()));
    const gate = new SharedArrayBuffer(4);
    const running = executor.submit(new BackgroundCall({ callable: blockUntilReleased, args: [gate] }));
    const waiting = executor.submit(new BackgroundCall({ callable: (x: number) => x, args: [1] }));
    await new Promise<void>((resolve) =>
      running.observe('state', (event) => {
        if (event.new === 'executing') resolve();
      }),
    );
    expect(waiting.state).toBe('waiting');
    waiting.cancel({ force: true });
    await waiting.settled();
    expect(waiting.state).toBe('cancelled');
    expect(running.state).toBe('executing');
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    await running.settled();
    expect(running.state).toBe('completed');
    if (running.state === 'completed') expect(running.result).toBe('released');
    expect(context.workerCount).toBe(1);
    await executor.shutdown();
  });
});
