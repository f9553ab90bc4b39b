/**
 * What every page shares: one executor over Web Workers started from the demo's own worker
 * entry (so the bundler sees it, and, imported from `reactive-futures/custom-worker`, ships no
 * other), the typed task references, and the page's settings.
 */
import { Executor, WorkerContext, taskModule } from 'reactive-futures/custom-worker';

/** The demo's tasks, typed from the module; resolved in the worker by the name `demo:tasks`. */
export const tasks = taskModule<typeof import('./tasks.js')>('demo:tasks');

/** What the pages are given. */
export interface DemoEnvironment {
  readonly executor: Executor;
  /** Multiplies the demo's waits (`?timescale=0.1` in the URL makes everything 10× faster). */
  readonly timeScale: number;
  /** Whether tasks see cancellation through shared memory. */
  readonly isolated: boolean;
  /** Reads a number from the URL's query (`?limit=…`), or `fallback`. */
  numberParameter(name: string, fallback: number): number;
}

/** Makes the demo's executor; the page owns it until it unloads. */
export function createEnvironment(): DemoEnvironment {
  const context = new WorkerContext({
    maxWorkers: 4,
    createWorker: () => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' }),
  });
  const executor = new Executor({ context });
  addEventListener('pagehide', () => {
    void executor.shutdown({ timeout: 1000 }).finally(() => context.close());
  });
  const query = new URLSearchParams(location.search);
  const numberParameter = (name: string, fallback: number): number => {
    const value = Number(query.get(name) ?? Number.NaN);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    executor,
    timeScale: numberParameter('timescale', 1),
    isolated: globalThis.crossOriginIsolated,
    numberParameter,
  };
}
