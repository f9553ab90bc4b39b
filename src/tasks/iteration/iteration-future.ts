/**
 * The future of an iteration: each item the background produces arrives as a `resultEvent`.
 */
import { BaseFuture } from '../../core/base-future.js';
import { TaskFailedError } from '../../core/errors.js';
import type { FutureSnapshot } from '../../core/snapshot.js';
import { GENERATED } from './iteration-task.js';

/** What an iteration future's snapshot adds. */
export interface IterationSnapshotExtras<TItem> {
  /** The most recent item, or `undefined` before the first. */
  readonly latestItem: TItem | undefined;
  /** How many items arrived. */
  readonly itemCount: number;
}

/** The events an iteration future fires beyond those of every future. */
export interface IterationEvents<TItem> {
  /** Each item, in order. */
  readonly resultEvent: TItem;
}

const ITERATION_EVENTS = ['resultEvent'] as const;

/**
 * The future of a background iteration. `observe('resultEvent', e => e.new)` fires once per
 * item, in order; `values()` reads them as an async iterator. A generator's return value
 * becomes `result`.
 *
 * @typeParam TEvents - custom messages the generator sends with `currentTask().send(type, arg)`, if any.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unnecessary-type-parameters -- `{}`: no custom messages; TEvents types observe()
export class IterationFuture<TItem, TResult = void, TEvents extends object = {}> extends BaseFuture<
  TResult,
  IterationEvents<TItem> & TEvents
> {
  #latestItem: TItem | undefined;
  #itemCount = 0;

  /** {@inheritDoc BaseFuture.getSnapshot} */
  declare readonly getSnapshot: () => FutureSnapshot<TResult, IterationSnapshotExtras<TItem>>;

  /**
   * The items that arrive from now on, as an async iterator. It ends when the future is done:
   * normally when `completed` or `cancelled`, by throwing a {@link TaskFailedError} when
   * `failed`. Items wait in memory until read; `return()` (leaving a `for await` loop) stops
   * listening.
   */
  values(): AsyncIterableIterator<TItem> {
    return new ItemIterator(this);
  }

  protected override dispatch(type: string, arg: unknown): void {
    if (type !== GENERATED) {
      super.dispatch(type, arg);
      return;
    }
    this.#latestItem = arg as TItem;
    this.#itemCount += 1;
    this.invalidateSnapshot();
    this.emit('resultEvent', arg);
  }

  protected override eventNames(): readonly string[] {
    return ITERATION_EVENTS;
  }

  protected override snapshotExtras(): IterationSnapshotExtras<TItem> {
    return { latestItem: this.#latestItem, itemCount: this.#itemCount };
  }
}

class ItemIterator<TItem> implements AsyncIterableIterator<TItem> {
  readonly #future: IterationFuture<TItem, unknown>;
  readonly #buffered: TItem[] = [];
  /** Calls of `next()` still waiting for an item, oldest first. */
  readonly #waiting: {
    resolve: (result: IteratorResult<TItem>) => void;
    reject: (error: unknown) => void;
  }[] = [];
  #stopListening: (() => void) | undefined;

  constructor(future: IterationFuture<TItem, unknown>) {
    this.#future = future;
    if (future.done) return;
    const stopItems = future.observe('resultEvent', (event) => this.#onItem(event.new));
    const stopDone = future.observe('done', () => this.#onDone());
    this.#stopListening = () => {
      stopItems();
      stopDone();
    };
  }

  next(): Promise<IteratorResult<TItem>> {
    if (this.#buffered.length > 0) {
      return Promise.resolve({ done: false, value: this.#buffered.shift() as TItem });
    }
    if (this.#stopListening === undefined) return this.#ending();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
    });
  }

  return(): Promise<IteratorResult<TItem>> {
    this.#stop();
    this.#buffered.length = 0;
    for (const waiting of this.#waiting.splice(0)) waiting.resolve({ done: true, value: undefined });
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TItem> {
    return this;
  }

  #onItem(item: TItem): void {
    const waiting = this.#waiting.shift();
    if (waiting === undefined) this.#buffered.push(item);
    else waiting.resolve({ done: false, value: item });
  }

  #onDone(): void {
    this.#stop();
    for (const waiting of this.#waiting.splice(0)) this.#ending().then(waiting.resolve, waiting.reject);
  }

  #ending(): Promise<IteratorResult<TItem>> {
    if (this.#future.state === 'failed') return Promise.reject(new TaskFailedError(this.#future.exception));
    return Promise.resolve({ done: true, value: undefined });
  }

  #stop(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
  }
}
