/**
 * The future of a map: one function over many inputs, run as chunks across the pool and
 * observed as one future. It is a group: its state follows the chunks' futures.
 *
 * - `executing` when the first chunk starts.
 * - `completed` when every input returned: `result` holds the outputs in input order.
 * - `failed` (with `failFast`, the default) after an input threw: the other chunks are
 *   cancelled, and the future fails, with that input named in the message, once they have
 *   stopped. Without `failFast`, every input is tried and the future fails at the end with an
 *   `AggregateError` if any threw.
 * - `cancel()` cancels every chunk (`force` included); `cancelled` once they have all stopped.
 *   A chunk cancelled from outside (by `executor.stop()`) cancels the whole map.
 */
import { BaseFuture, type CancelOptions } from '../../core/base-future.js';
import { RECEIVE, REPORT_ERRORS_TO } from '../../core/internal.js';
import type { ExceptionInfo } from '../../core/marshal-error.js';
import type { FutureSnapshot } from '../../core/snapshot.js';
import { describeValue } from '../../core/validation.js';
import type { ChunkSink, MapChunkFuture } from './background-map-chunk.js';
import { INPUT_FAILED, MAPPED } from './map-task.js';
import type { MapEvents, MapFailure, MapProgress, MapSnapshotExtras } from './map-types.js';

/** Submits one chunk of inputs, whose outputs go to `sink`. */
export type SubmitChunk = (inputs: readonly unknown[], sink: ChunkSink) => MapChunkFuture;

/** An input's outcome, for ordered delivery. */
const PENDING = 0;
const RETURNED = 1;
const THREW = 2;

const MAP_EVENTS = ['resultEvent', 'inputFailed', 'progress'] as const;

/**
 * The future of `submitMap`: `observe('resultEvent', e => e.new)` gives each output with its
 * input and index, `observe('progress', …)` how many inputs are done; `result` is every output
 * in input order. One `cancel()` cancels all the inputs.
 */
export class MapFuture<TInput, TOutput> extends BaseFuture<TOutput[], MapEvents<TInput, TOutput>> {
  readonly #inputs: readonly TInput[];
  readonly #ordered: boolean;
  readonly #failFast: boolean;
  readonly #chunks: MapChunkFuture[];
  readonly #outputs: TOutput[];
  readonly #outcomes: Uint8Array;
  readonly #failures = new Map<number, MapFailure<TInput>>();
  #nextInOrder = 0;
  #progress: MapProgress;
  #pendingChunks = 0;
  #started = false;
  /** Set when this future stops its chunks itself (a cancel or a failure): their cancels are then expected. */
  #halting = false;
  #failure: ExceptionInfo | undefined;

  /** Made by `submitMap`; `inputs` are the map's inputs, in order. */
  constructor(inputs: readonly TInput[], options: { readonly ordered: boolean; readonly failFast: boolean }) {
    const chunks: MapChunkFuture[] = [];
    const halt = { run: (): void => undefined };
    super((cancelOptions?: CancelOptions) => {
      halt.run();
      for (const chunk of chunks) chunk.cancel(cancelOptions);
    });
    halt.run = () => {
      this.#halting = true;
    };
    this.#chunks = chunks;
    this.#inputs = inputs;
    this.#ordered = options.ordered;
    this.#failFast = options.failFast;
    this.#outputs = new Array<TOutput>(inputs.length);
    this.#outcomes = new Uint8Array(inputs.length);
    this.#progress = { completed: 0, failed: 0, total: inputs.length };
  }

  /** {@inheritDoc BaseFuture.getSnapshot} */
  declare readonly getSnapshot: () => FutureSnapshot<TOutput[], MapSnapshotExtras>;

  /** How far the map is: inputs completed and failed, of the total. */
  get progress(): MapProgress {
    return this.#progress;
  }

  /**
   * Submits the inputs as chunks of `chunkSize` (one empty chunk when there are none, so that
   * the future ends the way every future does). `submitMap` only.
   *
   * @internal
   * @throws {ExecutorStoppedError} from the first submit, when the executor is not running.
   */
  submitChunks(chunkSize: number, submit: SubmitChunk): void {
    const count = Math.max(1, Math.ceil(this.#inputs.length / chunkSize));
    for (let chunk = 0; chunk < count; chunk++) {
      const start = chunk * chunkSize;
      const inputs = this.#inputs.slice(start, start + chunkSize);
      const future = submit(inputs, {
        output: (offset, value) => this.#onOutput(start + offset, value as TOutput),
        failure: (offset, exception) => this.#onFailure(start + offset, exception),
      });
      // Errors of this future's observers go where the executor sends its futures' errors.
      if (chunk === 0) this[REPORT_ERRORS_TO] = future[REPORT_ERRORS_TO];
      this.#chunks.push(future);
      this.#pendingChunks += 1;
      future.observe('state', (event) => {
        if (event.new === 'executing') this.#onStarted();
        else if (event.new === 'cancelling' && !this.#halting) this.cancel();
      });
      future.observe('done', () => this.#onChunkDone(future, start, inputs.length));
    }
  }

  protected override dispatch(type: string, arg: unknown): void {
    if (type !== MAPPED && type !== INPUT_FAILED) {
      super.dispatch(type, arg);
      return;
    }
    const index = arg as number;
    const { completed, failed, total } = this.#progress;
    this.#progress =
      type === MAPPED
        ? { completed: completed + 1, failed, total }
        : { completed, failed: failed + 1, total };
    if (this.#ordered) {
      while (this.#nextInOrder < total && this.#outcomes[this.#nextInOrder] !== PENDING) {
        this.#emitOutcome(this.#nextInOrder++);
      }
    } else {
      this.#emitOutcome(index);
    }
    this.invalidateSnapshot();
    this.emit('progress', this.#progress);
  }

  protected override eventNames(): readonly string[] {
    return MAP_EVENTS;
  }

  protected override snapshotExtras(): MapSnapshotExtras {
    return { progress: this.#progress };
  }

  #emitOutcome(index: number): void {
    if (this.#outcomes[index] === RETURNED) {
      this.emit('resultEvent', {
        index,
        input: this.#inputs[index] as TInput,
        value: this.#outputs[index] as TOutput,
      });
    } else {
      this.emit('inputFailed', this.#failures.get(index));
    }
  }

  #onStarted(): void {
    if (this.#started) return;
    this.#started = true;
    this[RECEIVE]([{ type: 'started' }]);
  }

  #onOutput(index: number, value: TOutput): void {
    if (this.#failure !== undefined) return;
    this.#outputs[index] = value;
    this.#outcomes[index] = RETURNED;
    this[RECEIVE]([{ type: 'sent', messageType: MAPPED, arg: index }]);
  }

  #onFailure(index: number, exception: ExceptionInfo): void {
    this.#failures.set(index, { index, input: this.#inputs[index] as TInput, exception });
    this.#outcomes[index] = THREW;
    this[RECEIVE]([{ type: 'sent', messageType: INPUT_FAILED, arg: index }]);
  }

  #onChunkDone(chunk: MapChunkFuture, start: number, length: number): void {
    if (chunk.state === 'failed') {
      const index = start + chunk.delivered;
      if (this.#failFast) {
        if (this.#failure === undefined) {
          this.#failure = this.#describeFailure(index, chunk.exception);
          this.#halting = true;
          for (const other of this.#chunks) other.cancel();
        }
      } else {
        // The chunk itself failed (a crash, a time limit): each input it had left failed with it.
        for (let each = index; each < start + length; each++) this.#onFailure(each, chunk.exception);
      }
    }
    this.#pendingChunks -= 1;
    if (this.#pendingChunks === 0) this.#finish();
  }

  #finish(): void {
    if (this.state === 'cancelling') {
      this[RECEIVE]([this.#started ? { type: 'returned', value: undefined } : { type: 'abandoned' }]);
      return;
    }
    if (!this.#started) this.#onStarted();
    if (this.#failure !== undefined) {
      this[RECEIVE]([{ type: 'raised', exception: this.#failure }]);
    } else if (this.#failures.size > 0) {
      let first: MapFailure<TInput> | undefined;
      for (const failure of this.#failures.values())
        if (first === undefined || failure.index < first.index) first = failure;
      if (first === undefined) return;
      const summary = `${this.#failures.size} of ${this.#inputs.length} inputs failed; the first: ${this.#describeFailure(first.index, first.exception).message}`;
      this[RECEIVE]([
        {
          type: 'raised',
          exception: { type: 'AggregateError', message: summary, stack: first.exception.stack },
        },
      ]);
    } else {
      this[RECEIVE]([{ type: 'returned', value: this.#outputs }]);
    }
  }

  #describeFailure(index: number, exception: ExceptionInfo): ExceptionInfo {
    const input = describeValue(this.#inputs[index]);
    return { ...exception, message: `Input #${index} ${input} failed: ${exception.message}` };
  }
}
