/**
 * The bindings' types, checked by `tsc -p tsconfig.test.json` (npm run typecheck): snapshot
 * types follow the future kind, and event payloads follow the event name. The checks sit in
 * functions that are never called: hooks must not run outside components.
 */
import type { ReadonlySignal } from '@preact/signals-core';
import { Executor } from 'reactive-futures';
import { useExecutor, useFuture, useFutureEvents } from 'reactive-futures/react';
import { items$, snapshots$ } from 'reactive-futures/rxjs';
import { futureSignal } from 'reactive-futures/signals';
import { futureStore } from 'reactive-futures/svelte';
import { useFuture as useVueFuture } from 'reactive-futures/vue';
import type { Observable } from 'rxjs';
import type { Readable } from 'svelte/store';
import { expectTypeOf, it } from 'vitest';
import type { ShallowRef } from 'vue';
import type {
  CallFuture,
  ChangeEvent,
  FutureSnapshot,
  FutureState,
  IterationFuture,
  ProgressFuture,
} from './neutral.js';

type Iteration = IterationFuture<number, string>;
type IterationSnapshot = FutureSnapshot<
  string,
  { readonly latestItem: number | undefined; readonly itemCount: number }
>;
type Progress = ProgressFuture<boolean, { percent: number }>;

export function snapshotTypes(iteration: Iteration, call: CallFuture<number>, progress: Progress): void {
  expectTypeOf(useFuture(iteration)).toEqualTypeOf<IterationSnapshot>();
  expectTypeOf(useFuture(call as CallFuture<number> | undefined)).toEqualTypeOf<
    FutureSnapshot<number> | undefined
  >();
  expectTypeOf(useVueFuture(iteration)).toEqualTypeOf<Readonly<ShallowRef<IterationSnapshot>>>();
  expectTypeOf(useVueFuture(() => call as CallFuture<number> | undefined).value).toEqualTypeOf<
    FutureSnapshot<number> | undefined
  >();
  expectTypeOf(futureStore(progress)).toExtend<
    Readable<{ readonly state: FutureState; readonly progress: { percent: number } | undefined }>
  >();
  expectTypeOf(snapshots$(call)).toEqualTypeOf<Observable<FutureSnapshot<number>>>();
  expectTypeOf(items$(iteration)).toEqualTypeOf<Observable<number>>();
  expectTypeOf(futureSignal(iteration)).toExtend<ReadonlySignal<IterationSnapshot>>();
}

export function eventTypes(iteration: Iteration, progress: Progress): void {
  useFutureEvents(iteration, 'resultEvent', (event) =>
    expectTypeOf(event).toEqualTypeOf<ChangeEvent<number>>(),
  );
  useFutureEvents(progress, 'progress', (event) =>
    expectTypeOf(event.new).toEqualTypeOf<{ percent: number }>(),
  );
  useFutureEvents(progress, 'state', (event) => expectTypeOf(event.new).toEqualTypeOf<FutureState>());
  useFutureEvents(undefined, 'done', (event) => expectTypeOf(event.new).toEqualTypeOf<boolean>());
  const call = progress as unknown as CallFuture<number>;
  useFutureEvents(
    call,
    'resultEvent',
    // @ts-expect-error a call future has no items: its events carry unknown payloads
    (event: ChangeEvent<number>) => event,
  );
}

export function executorTypes(): void {
  expectTypeOf(useExecutor(() => new Executor())).toEqualTypeOf<Executor>();
}

it('has its type checks compiled by the typecheck script', () => {
  expectTypeOf(snapshotTypes).toBeFunction();
  expectTypeOf(eventTypes).toBeFunction();
  expectTypeOf(executorTypes).toBeFunction();
});
