/**
 * The executor of `reactive-futures/custom-worker`: it has no default context, because the
 * only one it could make would start the library's own worker entry, which that entry point
 * leaves out of the app's bundle.
 */
import { Executor } from '../../core/executor.js';
import type { ParallelContext } from '../../core/parallel-context.js';

/** An {@link Executor} that runs tasks in the context it is given (`options.context`, required). */
export class CustomWorkerExecutor extends Executor {
  /** @throws {Error} always: this entry point has no default context. */
  protected override createDefaultContext(_maxWorkers: number | undefined): ParallelContext {
    throw new Error(
      "new Executor() from 'reactive-futures/custom-worker' was given no `context`, and this entry point has " +
        "none of its own (its default would be the library's worker entry, which it leaves out of your bundle): " +
        'pass `context: new WorkerContext({ createWorker: () => new Worker(…) })`, or import Executor from ' +
        "'reactive-futures' for a default context with the library's own worker entry.",
    );
  }
}
