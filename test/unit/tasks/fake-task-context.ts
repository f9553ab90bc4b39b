/**
 * A hand-driven TaskContext for calling runners directly: it records what they send and
 * reports cancellation when the test says so (optionally after a number of checks).
 */
import type { TaskContext } from '../../../src/core/task-specification.js';

export class FakeTaskContext implements TaskContext {
  readonly sent: { type: string; arg: unknown }[] = [];
  readonly #controller = new AbortController();
  checks = 0;
  #cancelled = false;
  #cancelAfterChecks: number | undefined;
  #cancelAfterSends: number | undefined;

  /** Cancels at once, or after `checks` calls of `cancelled()`. */
  cancel(options: { afterChecks?: number; afterSends?: number } = {}): void {
    if (options.afterChecks !== undefined) this.#cancelAfterChecks = options.afterChecks;
    else if (options.afterSends !== undefined) this.#cancelAfterSends = options.afterSends;
    else this.#request();
  }

  send(type: string, arg?: unknown): void {
    this.sent.push({ type, arg });
    if (this.#cancelAfterSends !== undefined && this.sent.length >= this.#cancelAfterSends) this.#request();
  }

  cancelled(): boolean {
    this.checks++;
    if (this.#cancelAfterChecks !== undefined && this.checks > this.#cancelAfterChecks) this.#request();
    return this.#cancelled;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The arguments of every message of `type`. */
  args(type: string): unknown[] {
    return this.sent.filter((message) => message.type === type).map((message) => message.arg);
  }

  #request(): void {
    this.#cancelled = true;
    this.#controller.abort();
  }
}
