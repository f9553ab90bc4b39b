/**
 * The contract suite (test/contract/describe-parallel-context.ts) against the browser
 * `WorkerContext`, in a Chromium page. Results go to `window.contractResults` for the Node
 * side (test/browser/contract.test.ts) and to the page's log.
 *
 * On a page that is not cross-origin isolated there is no `SharedArrayBuffer` at all, so the
 * suite's shared-memory probes (its way to coordinate with a running task without sleeps)
 * cannot be made: those tests are reported as skipped, with that reason. Everything else runs.
 */
// Types from the package's Node entry; at run time the harness maps it to src/browser.ts.
import { WorkerContext } from 'reactive-futures';
import { describeParallelContext } from '../../contract/describe-parallel-context.js';
import { runCollected, type TestResult } from './vitest-shim.js';

declare global {
  interface Window {
    contractResults?: { readonly isolated: boolean; readonly results: readonly TestResult[] };
  }
}

describeParallelContext('WorkerContext (module Web Workers)', () => ({
  context: new WorkerContext({ maxWorkers: 2 }),
  supportsCloning: true,
  supportsForceTermination: true,
  runsOnMainThread: false,
  maxConcurrency: 2,
}));

const log = document.getElementById('log') as HTMLElement;
const needsSharedMemory = (error: unknown): string | undefined =>
  !crossOriginIsolated && error instanceof ReferenceError && /SharedArrayBuffer/.test(error.message)
    ? 'needs SharedArrayBuffer (the suite coordinates with tasks through shared-memory probes)'
    : undefined;

void runCollected((result) => {
  log.append(
    `${result.status.padEnd(7)} ${result.name}${result.error === undefined ? '' : `\n  ${result.error}`}\n`,
  );
}, needsSharedMemory).then((results) => {
  window.contractResults = { isolated: crossOriginIsolated, results };
});
