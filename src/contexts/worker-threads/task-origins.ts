/**
 * Which task a callback or a promise of a Node worker comes from, for the runtime's judge of
 * uncaught errors (`UncaughtErrors`), without async hooks.
 *
 * An `AsyncLocalStorage` per task would say it exactly, but on Node 20 it turns on async hooks,
 * which run JavaScript around every promise, timer, message and microtask of the worker: a busy
 * worker then took ~220 µs instead of ~120 µs between two tasks, and an `await` in a task
 * ~1.2 µs instead of ~0.25 µs. What is used instead:
 *
 * - Node numbers every async resource (timer, immediate, port, socket, microtask, nextTick…) in
 *   the order they are made, whether or not hooks are on, and runs each callback with its
 *   resource's number as `executionAsyncId()`. Each task runs in a resource made at its start
 *   (`AsyncResource.runInAsyncScope`). As the worker runs one task at a time, the numbers split
 *   into ranges: a callback numbered from the running task's start on belongs to the running
 *   task; one numbered between the first task's start and the running task's belongs to a task
 *   that already ended (it left the callback behind), and so does one made since by such a
 *   callback (its `triggerAsyncId()`); one numbered lower belongs to the runtime.
 * - A promise gets, when it is made (V8's promise `init` hook, one small function per promise),
 *   the origin of the callback that makes it: a task that already ended ({@link STRAY}) when
 *   that callback is one it left behind, else the task whose turn it is.
 *
 * What this gives away against an async context: a resource made two steps away from a callback
 * left behind (its timer's timer) counts as the running task's; and a task's promise made in a
 * microtask that runs right after such a callback counts as left behind. Both need a callback
 * that outlived its task to go on scheduling work: docs/faults.md says so.
 */
import { AsyncResource, executionAsyncId, triggerAsyncId } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';

/** The origin of a callback or promise that a task which already ended left behind. */
const STRAY = -1;

/** Where a promise keeps the origin it was made with. */
const ORIGIN = Symbol('reactive-futures.origin');

/** The origins of a worker's callbacks and promises, by task id (see the module doc). */
export class TaskOrigins {
  /** The resource number of the first task's start; `Infinity` before it. */
  #firstTask = Infinity;
  /** The resource number of the latest task's start; `Infinity` before the first. */
  #latestTask = Infinity;
  /** The id of the latest task to start. */
  #latestId: number | undefined;

  /** Starts tagging the promises the worker makes; call once, before any task. */
  constructor() {
    promiseHooks.onInit((promise) => {
      (promise as { [ORIGIN]?: number | undefined })[ORIGIN] = this.#originNow();
    });
  }

  /** Runs `run` (task `id`'s whole life) in a resource of its own, made now. */
  within<T>(id: number, run: () => T): T {
    const resource = new AsyncResource('reactive-futures.task');
    const number = resource.asyncId();
    if (this.#firstTask === Infinity) this.#firstTask = number;
    this.#latestTask = number;
    this.#latestId = id;
    return resource.runInAsyncScope(run);
  }

  /**
   * The origin of the callback running now (call it from an `uncaughtException` handler: the
   * callback that threw): a task id, {@link STRAY}, or `undefined` for the runtime's own.
   */
  ofCallback(): number | undefined {
    const number = executionAsyncId();
    if (number < this.#firstTask) return undefined;
    return this.#leftBehind(number) ? STRAY : this.#latestId;
  }

  /** The origin `promise` was made with (see {@link TaskOrigins.ofCallback}). */
  ofPromise(promise: Promise<unknown>): number | undefined {
    return (promise as { [ORIGIN]?: number | undefined })[ORIGIN];
  }

  /**
   * A promise made in a callback left behind is left behind too; any other is the latest
   * task's (made by its own code, in its own callbacks, or in a microtask between them).
   */
  #originNow(): number | undefined {
    return this.#leftBehind(executionAsyncId()) ? STRAY : this.#latestId;
  }

  /**
   * Whether the resource numbered `number` (the one running now) was left behind by a task that
   * ended: it was made while an earlier task ran, or it was made since the latest task started
   * but from a callback left behind (its trigger), as when an `EventTarget` throws a listener's
   * error again in a `process.nextTick`.
   */
  #leftBehind(number: number): boolean {
    if (number >= this.#latestTask) {
      const trigger = triggerAsyncId();
      return trigger >= this.#firstTask && trigger < this.#latestTask;
    }
    return number >= this.#firstTask;
  }
}
