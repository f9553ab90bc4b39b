/**
 * Scheduling a callback as a microtask, cheaply.
 */

const RESOLVED = Promise.resolve();

/**
 * Runs `callback` in a microtask: once the current synchronous stretch ends, in order with the
 * other microtasks. A resolved promise's reaction, not `queueMicrotask`, which in Node makes an
 * async resource for each call (~1 µs on the pool's and the worker's per-task paths). Pass a
 * function made once, not a new closure per call.
 */
export function inMicrotask(callback: () => void): void {
  void RESOLVED.then(callback);
}
