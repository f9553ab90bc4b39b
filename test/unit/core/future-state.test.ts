/**
 * Generated, exhaustive sequence tests of the future state machine, in the spirit of
 * traits-futures' `common_future_tests`: every sequence of events up to a bounded length is
 * checked against an oracle written from the message grammar (not from the table), both on
 * the bare `transition` function and on a real `BaseFuture`.
 */
import { describe, expect, it } from 'vitest';
import { BaseFuture } from '../../../src/core/base-future.js';
import { StateTransitionError } from '../../../src/core/errors.js';
import {
  CANCELLABLE_STATES,
  CANCELLED,
  CANCELLING,
  COMPLETED,
  DONE_STATES,
  EXECUTING,
  FAILED,
  FUTURE_EVENTS,
  FUTURE_STATES,
  INTERNAL_STATES,
  PUBLIC_STATE,
  TRANSITIONS,
  WAITING,
  isCancellable,
  isDone,
  transition,
  type FutureEvent,
  type FutureState,
  type InternalState,
} from '../../../src/core/future-state.js';
import { RECEIVE } from '../../../src/core/internal.js';
import type { TaskMessage } from '../../../src/core/messages.js';

/** Every sequence of events of length 0 … `maxLength`, shortest first. */
function* allSequences(maxLength: number): Generator<FutureEvent[]> {
  let layer: FutureEvent[][] = [[]];
  yield [];
  for (let length = 1; length <= maxLength; length++) {
    const next: FutureEvent[][] = [];
    for (const shorter of layer) {
      for (const event of FUTURE_EVENTS) {
        const sequence = [...shorter, event];
        next.push(sequence);
        yield sequence;
      }
    }
    layer = next;
  }
}

/**
 * The oracle. A well-behaved task sends `abandoned` (only when cancelled before it began) or
 * `started, sent*, returned|raised`; the user may cancel once, at any point before the final
 * message. Returns the public state after `events` if they are a prefix of such a sequence,
 * or the index of the first event no such sequence allows.
 */
function oracle(events: readonly FutureEvent[]): { state: FutureState } | { rejectedAt: number } {
  let cancelled = false;
  let started = false;
  let final: 'abandoned' | 'returned' | 'raised' | undefined;
  for (const [index, event] of events.entries()) {
    if (final !== undefined) return { rejectedAt: index };
    switch (event) {
      case 'cancel':
        if (cancelled) return { rejectedAt: index };
        cancelled = true;
        break;
      case 'started':
        if (started) return { rejectedAt: index };
        started = true;
        break;
      case 'abandoned':
        if (started || !cancelled) return { rejectedAt: index };
        final = 'abandoned';
        break;
      case 'sent':
        if (!started) return { rejectedAt: index };
        break;
      case 'returned':
      case 'raised':
        if (!started) return { rejectedAt: index };
        final = event;
        break;
    }
  }
  if (final !== undefined) {
    if (cancelled) return { state: CANCELLED };
    return { state: final === 'returned' ? COMPLETED : FAILED };
  }
  if (cancelled) return { state: CANCELLING };
  return { state: started ? EXECUTING : WAITING };
}

function isComplete(events: readonly FutureEvent[]): boolean {
  const last = events.at(-1);
  return last === 'abandoned' || last === 'returned' || last === 'raised';
}

const MAX_LENGTH = 6;

describe('transition(): generated sequences', () => {
  it(`accepts exactly the valid prefixes, over every sequence of up to ${MAX_LENGTH} events`, () => {
    // Plain comparisons in the loop (expect() per sequence is too slow); problems are listed.
    const problems: string[] = [];
    let valid = 0;
    let complete = 0;
    let rejected = 0;
    for (const events of allSequences(MAX_LENGTH)) {
      const expected = oracle(events);
      let state: InternalState = 'waiting';
      let failedAt: number | undefined;
      for (const [index, event] of events.entries()) {
        try {
          state = transition(state, event);
        } catch (error) {
          if (!(error instanceof StateTransitionError))
            problems.push(`${String(error)} is no StateTransitionError`);
          failedAt = index;
          break;
        }
      }
      const where = (): string => `[${events.join(', ')}]`;
      if ('rejectedAt' in expected) {
        rejected++;
        if (failedAt !== expected.rejectedAt) {
          problems.push(`${where()}: expected rejection at ${expected.rejectedAt}, got ${String(failedAt)}`);
        }
        continue;
      }
      valid++;
      if (failedAt !== undefined) problems.push(`${where()} was rejected at ${failedAt}`);
      else if (PUBLIC_STATE[state] !== expected.state) {
        problems.push(`${where()} ended '${PUBLIC_STATE[state]}', expected '${expected.state}'`);
      } else if (isDone(PUBLIC_STATE[state]) !== isComplete(events)) {
        problems.push(`${where()}: done is ${String(isDone(PUBLIC_STATE[state]))}`);
      }
      if (isComplete(events)) complete++;
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The enumeration really covered both kinds.
    expect(valid + rejected).toBe((6 ** (MAX_LENGTH + 1) - 1) / 5);
    expect(complete).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(valid);
  });

  it('lists the valid complete sequences of length ≤ 4 that the grammar allows', () => {
    const complete = [...allSequences(4)]
      .filter((events) => isComplete(events) && 'state' in oracle(events))
      .map((events) => events.join(' '));
    expect(complete).toEqual(
      expect.arrayContaining([
        'cancel abandoned',
        'started returned',
        'started raised',
        'started sent returned',
        'cancel started returned',
        'started cancel raised',
        'started sent cancel returned',
        'started sent sent raised',
      ]),
    );
    expect(complete).not.toContain('abandoned');
    expect(complete).not.toContain('started abandoned');
  });

  it('generates each sequence once', () => {
    const all = [...allSequences(3)].map((events) => events.join(' '));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(1 + 6 + 36 + 216);
  });

  it('throws a StateTransitionError naming the event and the state, and says it is a bug', () => {
    expect(() => transition('completed', 'sent')).toThrow(StateTransitionError);
    expect(() => transition('waiting', 'returned')).toThrow(
      /Unexpected 'returned' message in internal state 'waiting'.*bug in reactive-futures/,
    );
    const error = (() => {
      try {
        transition('executing', 'started');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('StateTransitionError');
  });
});

describe('tables', () => {
  it('maps every internal state to a public one, and reaches every public state', () => {
    expect(Object.keys(PUBLIC_STATE).sort()).toEqual([...INTERNAL_STATES].sort());
    expect(new Set(Object.values(PUBLIC_STATE))).toEqual(new Set(FUTURE_STATES));
  });

  it('has a row for every internal state, whose targets are internal states', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...INTERNAL_STATES].sort());
    for (const row of Object.values(TRANSITIONS)) {
      for (const [event, target] of Object.entries(row)) {
        expect(FUTURE_EVENTS).toContain(event);
        expect(INTERNAL_STATES).toContain(target);
      }
    }
  });

  it('derives DONE and CANCELLABLE as in SPEC §3.4', () => {
    expect(DONE_STATES).toEqual(new Set([COMPLETED, FAILED, CANCELLED]));
    expect(CANCELLABLE_STATES).toEqual(new Set([WAITING, EXECUTING]));
    for (const state of FUTURE_STATES) {
      expect(isDone(state)).toBe(DONE_STATES.has(state));
      expect(isCancellable(state)).toBe(CANCELLABLE_STATES.has(state));
      expect(isDone(state) && isCancellable(state)).toBe(false);
    }
  });

  it('makes final exactly the internal states with no way out, all public-done', () => {
    for (const state of INTERNAL_STATES) {
      const final = Object.keys(TRANSITIONS[state]).length === 0;
      expect(isDone(PUBLIC_STATE[state])).toBe(final);
    }
  });

  it('allows cancel from exactly the states whose public state is cancellable', () => {
    for (const state of INTERNAL_STATES) {
      expect(TRANSITIONS[state].cancel !== undefined).toBe(isCancellable(PUBLIC_STATE[state]));
    }
  });

  it('maps the internal states as documented', () => {
    expect(PUBLIC_STATE).toEqual({
      waiting: 'waiting',
      executing: 'executing',
      cancellingBeforeStarted: 'cancelling',
      cancellingAfterStarted: 'cancelling',
      completed: 'completed',
      failed: 'failed',
      cancelledAbandoned: 'cancelled',
      cancelledCompleted: 'cancelled',
      cancelledFailed: 'cancelled',
    });
  });
});

class PlainFuture extends BaseFuture<string> {}

const EXCEPTION = { type: 'RangeError', message: 'boom', stack: 'RangeError: boom' };

function messageFor(event: Exclude<FutureEvent, 'cancel'>): TaskMessage {
  switch (event) {
    case 'started':
      return { type: 'started' };
    case 'abandoned':
      return { type: 'abandoned' };
    case 'sent':
      return { type: 'sent', messageType: 'tick', arg: 1 };
    case 'returned':
      return { type: 'returned', value: 'the result' };
    case 'raised':
      return { type: 'raised', exception: EXCEPTION };
  }
}

/**
 * The oracle seen through a future: `cancel()` outside `waiting`/`executing` is a no-op that
 * returns `false`, not an error. Drops those cancels, then asks the grammar oracle.
 */
function futureOracle(
  events: readonly FutureEvent[],
): { state: FutureState; effective: boolean[] } | { rejectedAt: number; effective: boolean[] } {
  const kept: FutureEvent[] = [];
  const keptIndex: number[] = [];
  const effective: boolean[] = [];
  for (const [index, event] of events.entries()) {
    if (event === 'cancel') {
      const now = oracle(kept);
      const isEffective = 'state' in now && isCancellable(now.state);
      effective.push(isEffective);
      if (!isEffective) continue;
    } else {
      effective.push(true);
    }
    kept.push(event);
    keptIndex.push(index);
    const result = oracle(kept);
    if ('rejectedAt' in result) return { rejectedAt: keptIndex[result.rejectedAt]!, effective };
  }
  return { ...(oracle(kept) as { state: FutureState }), effective };
}

describe('BaseFuture: generated sequences', () => {
  const FUTURE_MAX_LENGTH = 5;

  function throwsNaming(read: () => unknown, state: string): boolean {
    try {
      read();
    } catch (error) {
      return error instanceof Error && error.message.includes(`'${state}'`);
    }
    return false;
  }

  it(`follows the grammar over every sequence of up to ${FUTURE_MAX_LENGTH} events, message by message`, () => {
    const problems: string[] = [];
    let checked = 0;
    let rejected = 0;
    for (const events of allSequences(FUTURE_MAX_LENGTH)) {
      const where = `[${events.join(', ')}]`;
      const expected = futureOracle(events);
      const future = new PlainFuture(() => undefined);
      const changes: string[] = [];
      for (const name of ['state', 'cancellable', 'done'] as const) {
        future.observe(name, (event) => changes.push(`${name}:${String(event.new)}`));
      }
      let rejectedAt: number | undefined;
      for (const [index, event] of events.entries()) {
        const before = future.state;
        if (event === 'cancel') {
          const accepted = future.cancel();
          if (accepted !== expected.effective[index])
            problems.push(`${where}: cancel() #${index} gave ${String(accepted)}`);
          if (!accepted && future.state !== before)
            problems.push(`${where}: a refused cancel() changed the state`);
          continue;
        }
        try {
          future[RECEIVE]([messageFor(event)]);
        } catch (error) {
          if (!(error instanceof StateTransitionError)) problems.push(`${where}: threw ${String(error)}`);
          // A rejected message changes nothing.
          if (future.state !== before) problems.push(`${where}: a rejected message changed the state`);
          rejectedAt = index;
          break;
        }
      }
      if ('rejectedAt' in expected) {
        rejected++;
        if (rejectedAt !== expected.rejectedAt) {
          problems.push(`${where}: expected rejection at ${expected.rejectedAt}, got ${String(rejectedAt)}`);
        }
        continue;
      }
      checked++;
      if (rejectedAt !== undefined) {
        problems.push(`${where} was rejected at ${rejectedAt}`);
        continue;
      }
      if (future.state !== expected.state) {
        problems.push(`${where}: ended '${future.state}', expected '${expected.state}'`);
      }
      const doneChanges = changes.filter((change) => change.startsWith('done:')).join();
      const cancellableChanges = changes.filter((change) => change.startsWith('cancellable:')).join();
      const expectedCancellable = future.cancellable ? '' : 'cancellable:false';
      if (doneChanges !== (future.done ? 'done:true' : ''))
        problems.push(`${where}: done fired ${doneChanges}`);
      if (future.done && changes.at(-1) !== 'done:true') problems.push(`${where}: done was not last`);
      if (cancellableChanges !== expectedCancellable)
        problems.push(`${where}: cancellable fired ${cancellableChanges}`);
      if (future.state === COMPLETED) {
        if (future.result !== 'the result') problems.push(`${where}: wrong result`);
      } else if (!throwsNaming(() => future.result, future.state)) {
        problems.push(`${where}: result did not throw naming '${future.state}'`);
      }
      if (future.state === FAILED) {
        if (future.exception !== EXCEPTION) problems.push(`${where}: wrong exception`);
      } else if (!throwsNaming(() => future.exception, future.state)) {
        problems.push(`${where}: exception did not throw naming '${future.state}'`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(checked);
  });

  it('reaches the same end when a sequence without cancel arrives as one batch', () => {
    const problems: string[] = [];
    for (const events of allSequences(FUTURE_MAX_LENGTH)) {
      if (events.includes('cancel')) continue;
      const where = `[${events.join(', ')}]`;
      const expected = oracle(events);
      const future = new PlainFuture(() => undefined);
      let notifications = 0;
      future.subscribe(() => notifications++);
      const batch = events.map((event) => messageFor(event as Exclude<FutureEvent, 'cancel'>));
      let over: boolean;
      try {
        over = future[RECEIVE](batch);
      } catch (error) {
        if (!('rejectedAt' in expected) || !(error instanceof StateTransitionError)) {
          problems.push(`${where}: threw ${String(error)}`);
        }
        continue;
      }
      if ('rejectedAt' in expected) problems.push(`${where}: accepted`);
      else if (future.state !== expected.state) problems.push(`${where}: ended ${future.state}`);
      else if (over !== future.done) problems.push(`${where}: returned ${String(over)}`);
      else if (notifications !== (events.length === 0 ? 0 : 1))
        problems.push(`${where}: ${notifications} notifications`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('cancel() itself follows the table from every reachable public state', () => {
    const paths: Record<FutureState, FutureEvent[]> = {
      waiting: [],
      executing: ['started'],
      cancelling: ['cancel'],
      completed: ['started', 'returned'],
      failed: ['started', 'raised'],
      cancelled: ['cancel', 'abandoned'],
    };
    for (const state of FUTURE_STATES) {
      const future = new PlainFuture(() => undefined);
      for (const event of paths[state]) {
        if (event === 'cancel') future.cancel();
        else future[RECEIVE]([messageFor(event)]);
      }
      expect(future.state).toBe(state);
      expect(future.cancel()).toBe(isCancellable(state));
      expect(future.state).toBe(isCancellable(state) ? CANCELLING : state);
    }
  });
});
