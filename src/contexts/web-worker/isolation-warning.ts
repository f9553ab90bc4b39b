/**
 * The warning for degraded cancellation: on a page that is not cross-origin isolated there is
 * no shared memory, so a cancel request travels as a message that a task in a synchronous
 * loop reads only when it yields. Said once per context, at its first cooperative cancel.
 */
import type { TaskControl } from '../../core/parallel-context.js';

declare const console: { warn(...data: unknown[]): void };

/** What the warning says: the fact, its effect, and the headers that fix it. */
export const ISOLATION_WARNING =
  'reactive-futures: this page is not cross-origin isolated, so Web Workers get no shared memory and a task ' +
  'in a synchronous loop sees cancel() only when it yields (an await), which may be late or never. ' +
  'Serve the page with the headers `Cross-Origin-Opener-Policy: same-origin` and ' +
  '`Cross-Origin-Embedder-Policy: require-corp` (crossOriginIsolated is then true), or end such tasks with ' +
  'cancel({ force: true }).';

/** Whether this page has shared memory (it is cross-origin isolated). */
function hasSharedMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined';
}

/** Warns once, at the first cooperative cancel of a task, when the page has no shared memory. */
export class IsolationWarning {
  readonly #isolated: () => boolean;
  readonly #warn: (message: string) => void;
  #warned = false;

  /**
   * @param isolated - whether cancel requests reach tasks through shared memory.
   * @param warn - where the warning goes.
   */
  constructor(
    isolated: () => boolean = hasSharedMemory,
    warn: (message: string) => void = (message) => console.warn(message),
  ) {
    this.#isolated = isolated;
    this.#warn = warn;
  }

  /** Returns `control` itself on an isolated page; elsewhere, one that warns (once) on a cooperative cancel. */
  watch(control: TaskControl): TaskControl {
    if (this.#isolated()) return control;
    return {
      cancel: (options) => {
        if (options?.force !== true && !this.#warned) {
          this.#warned = true;
          this.#warn(ISOLATION_WARNING);
        }
        control.cancel(options);
      },
    };
  }
}
