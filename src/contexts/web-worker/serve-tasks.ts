/**
 * The reactive-futures runtime inside a module Web Worker. The default worker entry calls
 * {@link serveTasks} with no modules (task modules are then imported by URL); a bundled app
 * writes its own entry that imports its task modules statically and registers them, so the
 * worker needs no dynamic `import()` of a URL and no `eval`.
 */
import { decodeRequests, encodeReport, type WireRequests } from '../../core/wire-format.js';
import { startRuntime } from '../../worker/runtime.js';
import { registerTaskModule } from '../../worker/task-module-registry.js';
import { describeReason, isInitMessage, type CrashedMessage, type ReadyMessage } from './handshake.js';

// Module-scoped so this file compiles without the WebWorker library: the worker's global scope.
declare const self: {
  postMessage(message: unknown, transfer?: readonly object[]): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: { readonly reason: unknown }) => void): void;
};

let serving = false;

/**
 * Starts the reactive-futures runtime in this Web Worker, serving `modules` (and, for
 * references not registered here, task modules imported by URL). Call it once, at the top
 * level of a worker entry script. Worker side.
 *
 * @param modules - task modules linked into this worker, by the name the main thread passes
 * to `taskModule(name)`.
 * @throws {Error} when called twice in one worker.
 * @throws {TypeError} when a module name is taken or a module is not an object.
 * @example
 * ```ts
 * // tasks.worker.ts, started with new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' })
 * import { serveTasks } from 'reactive-futures/browser-worker';
 * import * as tasks from './tasks.js';
 * serveTasks({ 'app:tasks': tasks });
 * // main thread: const tasks = taskModule<typeof import('./tasks.js')>('app:tasks');
 * ```
 */
export function serveTasks(modules: Readonly<Record<string, object>> = {}): void {
  if (serving)
    throw new Error('serveTasks() was called twice in one worker: call it once, in the entry script.');
  for (const [name, module] of Object.entries(modules)) registerTaskModule(name, module);
  serving = true;
  let handle: ReturnType<typeof startRuntime> | undefined;
  self.addEventListener('message', (event) => {
    if (handle !== undefined) {
      decodeRequests(event.data as WireRequests, handle);
    } else if (isInitMessage(event.data)) {
      handle = startRuntime({
        post: (report, transfer) => self.postMessage(encodeReport(report), transfer),
        flags: event.data.flags,
      });
    }
  });
  // An uncaught error fires `error` on the page's Worker by itself; a stray rejection does not.
  self.addEventListener('unhandledrejection', (event) => {
    const crashed: CrashedMessage = {
      kind: 'reactive-futures:crashed',
      reason: `Unhandled promise rejection: ${describeReason(event.reason)}`,
    };
    self.postMessage(crashed);
  });
  const ready: ReadyMessage = { kind: 'reactive-futures:ready' };
  self.postMessage(ready);
}
