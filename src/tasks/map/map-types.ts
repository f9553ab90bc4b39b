/**
 * Types of map tasks: one function over many inputs, observed as one future.
 */
import type { ExceptionInfo } from '../../core/marshal-error.js';

/** A function of one input, run once per input of a map. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the input type is inferred per task
export type MapFunction = (input: any) => unknown;

/** The input type of `TFunction` (`unknown` for a function without parameters, which ignores it). */
export type InputOf<TFunction extends MapFunction> =
  Parameters<TFunction> extends [] ? unknown : Parameters<TFunction>[0];

/** The (awaited) output type of `TFunction`. */
export type OutputOf<TFunction extends MapFunction> = Awaited<ReturnType<TFunction>>;

/** Options of `submitMap`. */
export interface MapOptions {
  /**
   * Whether `resultEvent` (and `inputFailed`) fire in the order of the inputs (`true`: an output
   * that finishes early waits for those before it) or as each input finishes (`false`).
   * `result` is in input order either way.
   * @default true
   */
  readonly ordered?: boolean;
  /**
   * How many inputs one task runs, one after the other. Larger chunks cost fewer messages for
   * many small inputs; smaller ones balance uneven work better across workers.
   * @default 1
   */
  readonly chunkSize?: number;
  /**
   * Whether the first failure fails the whole map at once (the other inputs are cancelled). With
   * `false`, every input is tried; each failure fires `inputFailed`, and the future ends `failed`
   * with an `AggregateError` once all are done if any failed.
   * @default true
   */
  readonly failFast?: boolean;
}

/** One output of a map, with the input it came from. */
export interface MapItem<TInput, TOutput> {
  /** The position of the input in `inputs`. */
  readonly index: number;
  /** The input. */
  readonly input: TInput;
  /** What the function returned for it. */
  readonly value: TOutput;
}

/** One input whose call threw, with what it threw. */
export interface MapFailure<TInput> {
  /** The position of the input in `inputs`. */
  readonly index: number;
  /** The input. */
  readonly input: TInput;
  /** What the call threw. */
  readonly exception: ExceptionInfo;
}

/** How far a map is. */
export interface MapProgress {
  /** Inputs whose call returned. */
  readonly completed: number;
  /** Inputs whose call threw. */
  readonly failed: number;
  /** All inputs. */
  readonly total: number;
}

/** The events a map future fires beyond those of every future. */
export interface MapEvents<TInput, TOutput> {
  /** Each output, with its input and index: in input order, or as they finish (`ordered: false`). */
  readonly resultEvent: MapItem<TInput, TOutput>;
  /** Each failed input (only with `failFast: false`). */
  readonly inputFailed: MapFailure<TInput>;
  /** After each input that finished. */
  readonly progress: MapProgress;
}

/** What a map future's snapshot adds. */
export interface MapSnapshotExtras {
  /** How far the map is. */
  readonly progress: MapProgress;
}
