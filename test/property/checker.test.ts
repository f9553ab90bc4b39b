// The invariant checker of the property tests must catch what it is meant to catch: fed a
// fake future that misbehaves, it reports the problem.
import { describe, expect, it } from 'vitest';
import type { BaseFuture, Executor } from 'reactive-futures';
import { InvariantChecker } from './model.js';

type Handler = (event: { new: unknown }) => void;

class FakeObservable {
  readonly handlers = new Map<string, Handler[]>();
  state = 'waiting';
  observe(name: string, handler: Handler): () => void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
    return () => undefined;
  }
  fire(name: string, value?: unknown): void {
    if (name === 'state') this.state = value as string;
    for (const handler of this.handlers.get(name) ?? []) handler({ new: value });
  }
  get done(): boolean {
    return ['completed', 'failed', 'cancelled'].includes(this.state);
  }
  get cancellable(): boolean {
    return ['waiting', 'executing'].includes(this.state);
  }
  cancel(): boolean {
    if (!this.cancellable) return false;
    this.fire('state', 'cancelling');
    return true;
  }
}

function setup(): { checker: InvariantChecker; future: FakeObservable; executor: FakeObservable } {
  const executor = new FakeObservable();
  executor.state = 'running';
  const checker = new InvariantChecker(executor as unknown as Executor);
  const future = new FakeObservable();
  checker.track(future as unknown as BaseFuture, 'resultEvent');
  return { checker, future, executor };
}

function stopExecutor(executor: FakeObservable): void {
  executor.fire('state', 'stopping');
  executor.fire('state', 'stopped');
}

describe('InvariantChecker', () => {
  it('accepts a well-behaved future', () => {
    const { checker, future, executor } = setup();
    future.fire('state', 'executing');
    future.fire('resultEvent', 1);
    future.fire('state', 'completed');
    future.fire('done', true);
    stopExecutor(executor);
    checker.checkFinal();
  });

  it.each([
    [
      'an item after cancel()',
      ['executing', 'cancel', 'item', 'cancelled', 'done'],
      /resultEvent after cancel/,
    ],
    ['done fired twice', ['executing', 'completed', 'done', 'done'], /done fired 2 times/],
    ['an event after done', ['executing', 'completed', 'done', 'item'], /done is not the last event/],
    ['a forbidden transition', ['completed', 'done'], /transition waiting → completed/],
    ['an unfinished future', ['executing'], /unfinished after shutdown/],
    ['failed after cancel()', ['executing', 'cancel', 'failed', 'done'], /transition cancelling → failed/],
  ])('reports %s', (_, steps, problem) => {
    const { checker, future, executor } = setup();
    for (const step of steps) {
      if (step === 'cancel') future.cancel();
      else if (step === 'item') future.fire('resultEvent', 0);
      else if (step === 'done') future.fire('done', true);
      else future.fire('state', step);
    }
    stopExecutor(executor);
    expect(() => checker.checkFinal()).toThrow(problem);
  });

  it('reports executor states that move backwards', () => {
    const { checker, future, executor } = setup();
    future.fire('state', 'cancelling');
    future.fire('state', 'cancelled');
    future.fire('done', true);
    executor.fire('state', 'stopping');
    executor.fire('state', 'running');
    executor.fire('state', 'stopped');
    expect(() => checker.checkFinal()).toThrow(/executor states went running → stopping → running/);
  });
});
