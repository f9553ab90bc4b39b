/**
 * The executor of the browser entry point: its default context is a {@link WorkerContext}
 * with the library's own worker entry.
 */
import { Executor } from '../../core/executor.js';
import type { ParallelContext } from '../../core/parallel-context.js';
import { WorkerContext } from './default-worker-context.js';

/** An {@link Executor} whose default context runs tasks in module Web Workers. */
export class BrowserExecutor extends Executor {
  protected override createDefaultContext(maxWorkers: number | undefined): ParallelContext {
    return new WorkerContext(maxWorkers === undefined ? {} : { maxWorkers });
  }
}
