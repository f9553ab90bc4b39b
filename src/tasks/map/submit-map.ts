/**
 * Submitting a map: one task function over many inputs, as one future.
 */
import type { Task } from '../../core/task-reference.js';
import { assertOptions, assertPositiveInteger, expectedMessage } from '../../core/validation.js';
import { cancelOnAbort, resolveTarget, type SubmitTarget } from '../submit-options.js';
import { BackgroundMapChunk } from './background-map-chunk.js';
import { MapFuture } from './map-future.js';
import type { InputOf, MapFunction, MapOptions, OutputOf } from './map-types.js';

/**
 * Runs `fn(input)` for each of `inputs` across the executor's workers, observed as one
 * {@link MapFuture}: `resultEvent` gives each output with its input and index (in input order
 * unless `ordered: false`), `progress` how many inputs are done, `result` every output in input
 * order, and one `cancel()` stops them all. Inputs run in tasks of `chunkSize` inputs each.
 * By default the first input that throws fails the whole map and cancels the rest; with
 * `failFast: false` every input is tried and each failure fires `inputFailed`.
 *
 * @param executor - the executor, or `{ executor, timeout, signal }`: `timeout` limits each
 * chunk's task, `signal` cancels the whole map.
 * @example
 * ```ts
 * const future = submitMap(executor, tasks.hashFile, paths, { chunkSize: 16 }); // MapFuture<string, string>
 * future.observe('progress', (event) => bar.update(event.new.completed / event.new.total));
 * future.observe('resultEvent', (event) => console.log(event.new.input, event.new.value));
 * ```
 * @throws {TypeError} when `fn` is not a task, `inputs` is not iterable, or an option is invalid.
 * @throws {ExecutorStoppedError} when the executor is not running.
 */
export function submitMap<TFunction extends MapFunction>(
  executor: SubmitTarget,
  fn: Task<TFunction>,
  inputs: Iterable<InputOf<TFunction>>,
  options: MapOptions = {},
): MapFuture<InputOf<TFunction>, OutputOf<TFunction>> {
  const target = resolveTarget(executor);
  assertOptions('options', options);
  const { ordered = true, chunkSize = 1, failFast = true } = options;
  assertPositiveInteger('chunkSize', chunkSize);
  if (typeof ordered !== 'boolean') throw new TypeError(expectedMessage('ordered', 'a boolean', ordered));
  if (typeof failFast !== 'boolean') throw new TypeError(expectedMessage('failFast', 'a boolean', failFast));
  if (!isIterable(inputs)) {
    throw new TypeError(expectedMessage('inputs', 'an iterable (an array, a Set, a generator…)', inputs));
  }
  const future = new MapFuture<InputOf<TFunction>, OutputOf<TFunction>>(Array.from(inputs), {
    ordered,
    failFast,
  });
  future.submitChunks(chunkSize, (chunk, sink) =>
    target.executor.submit(new BackgroundMapChunk(fn, chunk, !failFast, sink), target.runOptions),
  );
  if (target.signal !== undefined) cancelOnAbort(future, target.signal);
  return future;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    value !== undefined &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}
