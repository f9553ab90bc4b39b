/**
 * `observe()` checks its input at once: a handler that is not a function, or an event name the
 * future can never fire, throws a TypeError saying what to do instead of failing (or staying
 * silent) later.
 */
import { describe, expect, it } from 'vitest';
import { BaseFuture } from '../../../src/core/base-future.js';
import { CallFuture } from '../../../src/tasks/call/call-future.js';
import { IterationFuture } from '../../../src/tasks/iteration/iteration-future.js';
import { ProgressFuture } from '../../../src/tasks/progress/progress-future.js';

class OpenFuture extends BaseFuture<number, { fizz: number }> {}

const noop = (): void => undefined;
// Calls observe the way plain JavaScript (or a cast) would.
const observeUntyped = (future: BaseFuture, name: unknown, handler: unknown): unknown =>
  (future.observe as (name: unknown, handler: unknown) => unknown).call(future, name, handler);

describe('observe input checks', () => {
  it('throws a TypeError for a handler that is not a function', () => {
    const future = new CallFuture<number>(noop);
    expect(() => observeUntyped(future, 'done', 'not a function')).toThrow(TypeError);
    expect(() => observeUntyped(future, 'done', undefined)).toThrow(
      'Expected `handler` to be a function, got `undefined` (undefined)',
    );
  });

  it('throws a TypeError for a name that is not a non-empty string', () => {
    const future = new CallFuture<number>(noop);
    expect(() => observeUntyped(future, 42, noop)).toThrow(/Expected `name` to be an event name/);
    expect(() => observeUntyped(future, '', noop)).toThrow(TypeError);
  });

  it('rejects a name that differs from a known one only by case, naming the right one', () => {
    const iteration = new IterationFuture<number>(noop);
    expect(() => observeUntyped(iteration, 'resultevent', noop)).toThrow(/did you mean `resultEvent`/);
    expect(() => observeUntyped(new OpenFuture(noop), 'State', noop)).toThrow(/did you mean `state`/);
  });

  it('lists the events the future fires in the message', () => {
    expect(() => observeUntyped(new CallFuture<number>(noop), 'DONE', noop)).toThrow(
      'Unknown event `DONE` for a CallFuture: did you mean `done`? Event names are case-sensitive; this future fires `state`, `cancellable`, `forceCancellable`, `done` and the custom messages of its task.',
    );
    expect(() => observeUntyped(new ProgressFuture<number, number>(noop), 'PROGRESS', noop)).toThrow(
      /`done`, `progress` and the custom messages/,
    );
  });

  it('accepts the known names, and any other name as a custom message type of the task', () => {
    expect(typeof new IterationFuture<number>(noop).observe('resultEvent', noop)).toBe('function');
    expect(typeof new ProgressFuture<number, number>(noop).observe('progress', noop)).toBe('function');
    expect(typeof new CallFuture<number>(noop).observe('forceCancellable', noop)).toBe('function');
    expect(typeof new OpenFuture(noop).observe('fizz', noop)).toBe('function');
    expect(typeof observeUntyped(new OpenFuture(noop), 'anything', noop)).toBe('function');
    expect(typeof observeUntyped(new CallFuture<number>(noop), 'log', noop)).toBe('function');
  });
});
