/**
 * Browser-only checks of the Web Worker context, run in a Chromium page; results go to
 * `window.webWorkerChecks` for test/browser/web-worker.test.ts.
 */
import { Executor, WorkerContext, submitCall, taskModule, type BaseFuture } from '../../../src/browser.js';

declare global {
  interface Window {
    webWorkerChecks?: Record<string, unknown>;
    webWorkerProgress?: string[];
  }
}

const tasks = taskModule<typeof import('./crash-tasks.js')>(new URL('./crash-tasks.ts', import.meta.url));

function outcome(future: BaseFuture): Record<string, unknown> {
  return {
    state: future.state,
    ...(future.state === 'completed' ? { result: future.result } : {}),
    ...(future.state === 'failed' ? { type: future.exception.type, message: future.exception.message } : {}),
  };
}

/** How many times the crash-then-cancel sequence is repeated in one page load. */
const CANCEL_ROUNDS = 25;

/** Notes how far the page got, for a test that times out. */
function progress(step: string): void {
  (window.webWorkerProgress ??= []).push(step);
}

async function run(): Promise<Record<string, unknown>> {
  const context = new WorkerContext({ maxWorkers: 1 });
  const executor = new Executor({ context });
  const checks: Record<string, unknown> = { isolated: crossOriginIsolated };

  progress('started');
  const inline = submitCall(executor, (a: number, b: number) => a + b, 2, 3);
  checks['inline'] = outcome(await inline.settled());
  checks['reference'] = outcome(await submitCall(executor, tasks.double, 21).settled());

  progress('inline and reference done');
  const crash = submitCall(executor, tasks.crashSoon, 'boom in the worker');
  checks['crash'] = outcome(await crash.settled());
  progress(`crash: ${JSON.stringify(checks['crash'])}`);
  checks['afterCrash'] = outcome(await submitCall(executor, tasks.double, 5).settled());

  const cooperative = submitCall(executor, tasks.waitForCancel);
  await new Promise<void>((resolve) => cooperative.observe('state', () => resolve()));
  cooperative.cancel();
  checks['cooperativeCancel'] = outcome(await cooperative.settled());
  progress('cooperative cancel done');

  const spinning = submitCall(executor, tasks.spinForever);
  await new Promise<void>((resolve) => spinning.observe('state', () => resolve()));
  spinning.cancel({ force: true });
  checks['forceCancel'] = outcome(await spinning.settled());
  checks['afterForce'] = outcome(await submitCall(executor, tasks.double, 8).settled());
  progress('single checks done');

  // The sequence that used to lose a cancel now and then: a crash, then a cooperative cancel
  // sent as soon as the next task is seen to start, in the worker that replaced the crashed one.
  const repeated: string[] = [];
  for (let round = 0; round < CANCEL_ROUNDS; round++) {
    await submitCall(executor, tasks.crashSoon, 'crash before the cancel').settled();
    const waiting = submitCall(executor, tasks.waitForCancel);
    await new Promise<void>((resolve) => waiting.observe('state', () => resolve()));
    waiting.cancel();
    // A lost cancel never settles: the page stops making progress, and the test says at which round.
    progress(`cancel round ${round}: cancel sent`);
    repeated.push((await waiting.settled()).state);
    progress(`cancel round ${round}: ${repeated[round] ?? ''}`);
  }
  checks['cancelAfterCrashRepeated'] = repeated;
  await executor.shutdown({ timeout: 10_000 });
  await context.close();

  const broken = new WorkerContext({
    maxWorkers: 1,
    workerUrl: new URL('./no-such-worker.js', location.href),
  });
  const brokenExecutor = new Executor({ context: broken });
  const first = submitCall(brokenExecutor, tasks.double, 1);
  const second = submitCall(brokenExecutor, tasks.double, 2);
  progress('broken worker URL submitted');
  checks['brokenWorkerUrl'] = [outcome(await first.settled()), outcome(await second.settled())];
  await brokenExecutor.shutdown({ timeout: 10_000 });
  await broken.close();
  return checks;
}

run().then(
  (checks) => {
    window.webWorkerChecks = checks;
  },
  (error: unknown) => {
    window.webWorkerChecks = { error: String(error) };
  },
);
