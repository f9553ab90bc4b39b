/**
 * One chunk of a map: the task specification that runs the function over a slice of the
 * inputs, and the future that passes each output on to the map future.
 */
import { BaseFuture, type CancelCallback } from '../../core/base-future.js';
import type { ExceptionInfo } from '../../core/marshal-error.js';
import type { TaskInvocation, TaskSpecification } from '../../core/task-specification.js';
import { builtinTask, type Task } from '../../core/task-reference.js';
import { checkCallable } from '../task-arguments.js';
import { INPUT_FAILED, MAPPED } from './map-task.js';
import type { MapFunction } from './map-types.js';

/** Where a chunk's outputs go, by their position in the chunk. UI thread only. */
export interface ChunkSink {
  output(offset: number, value: unknown): void;
  failure(offset: number, exception: ExceptionInfo): void;
}

/** The future of one chunk: counts what it delivered, and hands it to the map future. */
export class MapChunkFuture extends BaseFuture<void> {
  readonly #sink: ChunkSink;
  #delivered = 0;

  constructor(cancel: CancelCallback, sink: ChunkSink) {
    super(cancel);
    this.#sink = sink;
  }

  /** How many inputs of the chunk were delivered (outputs and failures). */
  get delivered(): number {
    return this.#delivered;
  }

  protected override dispatch(type: string, arg: unknown): void {
    if (type === MAPPED) this.#sink.output(this.#delivered++, arg);
    else if (type === INPUT_FAILED) this.#sink.failure(this.#delivered++, arg as ExceptionInfo);
    else super.dispatch(type, arg);
  }
}

const MAP_RUNNER = builtinTask('map');

/** Runs `callable` over `inputs` in one task; made by `submitMap`. */
export class BackgroundMapChunk implements TaskSpecification<MapChunkFuture> {
  readonly #callable: Task<MapFunction>;
  readonly #inputs: readonly unknown[];
  readonly #continueOnError: boolean;
  readonly #sink: ChunkSink;

  /** @throws {TypeError} when `callable` is not a task. */
  constructor(
    callable: Task<MapFunction>,
    inputs: readonly unknown[],
    continueOnError: boolean,
    sink: ChunkSink,
  ) {
    checkCallable('submitMap', callable, inputs);
    this.#callable = callable;
    this.#inputs = inputs;
    this.#continueOnError = continueOnError;
    this.#sink = sink;
  }

  /** {@inheritDoc TaskSpecification.future} */
  future(cancel: CancelCallback): MapChunkFuture {
    return new MapChunkFuture(cancel, this.#sink);
  }

  /** {@inheritDoc TaskSpecification.task} */
  task(): TaskInvocation {
    return { runner: MAP_RUNNER, args: [this.#callable, this.#inputs, this.#continueOnError] };
  }
}
