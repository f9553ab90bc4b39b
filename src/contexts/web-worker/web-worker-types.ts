/**
 * The minimal shapes of the Web Worker API that the browser context uses, so that it compiles
 * without the DOM library (like comlink's endpoint). A DOM `Worker` satisfies {@link WebWorker}.
 */

/** An event on a worker, as much of it as the context reads. */
export interface WebWorkerEvent {
  /** The message of a `message` event. */
  readonly data?: unknown;
  /** The text of an `error` event (an `ErrorEvent`); absent when the script failed to load. */
  readonly message?: string;
  readonly filename?: string;
  readonly lineno?: number;
  /** Keeps the browser from also logging an `error` event. */
  preventDefault?(): void;
}

/** A dedicated Web Worker, as the page sees it: a DOM `Worker`. */
export interface WebWorker {
  postMessage(message: unknown, transfer: readonly object[]): void;
  terminate(): void;
  addEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: WebWorkerEvent) => void,
  ): void;
}
