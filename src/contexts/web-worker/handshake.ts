/**
 * The few messages between a page and a reactive-futures Web Worker that are not task
 * requests or reports: the page's `init` (the shared task flags) comes first; the worker says
 * `ready` once its runtime listens, and `crashed` for an unhandled promise rejection (which,
 * unlike an uncaught error, fires no `error` event on the page's `Worker`). Everything else
 * is a `WorkerRequest` (page to worker) or a `WorkerReport` array (worker to page).
 */

/** Page to worker, before any request: the worker's shared task flags, if any. */
export interface InitMessage {
  readonly kind: 'reactive-futures:init';
  readonly flags: SharedArrayBuffer | undefined;
}

/** Worker to page: the runtime is listening (the worker script loaded and ran). */
export interface ReadyMessage {
  readonly kind: 'reactive-futures:ready';
}

/** Worker to page: the worker hit an error outside any task and must be replaced. */
export interface CrashedMessage {
  readonly kind: 'reactive-futures:crashed';
  readonly reason: string;
}

/** A control message from the worker. */
export type WorkerControlMessage = ReadyMessage | CrashedMessage;

/** Whether `data` is a control message (reports are arrays). */
export function isControlMessage(data: unknown): data is WorkerControlMessage {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'kind' in data;
}

/** Whether `data` is the page's `init` message. */
export function isInitMessage(data: unknown): data is InitMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { readonly kind?: unknown }).kind === 'reactive-futures:init'
  );
}

/** A human description of a thrown value or rejection reason. */
export function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return String(reason);
  } catch {
    return Object.prototype.toString.call(reason);
  }
}
