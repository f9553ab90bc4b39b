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
import { RECEIVE, REPORT_ERRORS_TO } from '../../../src/core/internal.js';
import type { TaskMessage } from '../../../src/core/messages.js';

/** Every sequence of `events` of length 0 … `maxLength`, shortest first. */
function* allSequences(
  maxLength: number,
  events: readonly FutureEvent[] = FUTURE_EVENTS,
): Generator<FutureEvent[]> {
  let layer: FutureEvent[][] = [[]];
  yield [];
  for (let length = 1; length <= maxLength; length++) {
    const next: FutureEvent[][] = [];
    for (const shorter of layer) {
      for (const event of events) {
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
 * message. A `fault` (the main thread failed to handle a message) may come at any point before
 * the end, and ends the future; every task message after it is dropped. Returns the public
 * state after `events` if they are a prefix of such a sequence, or the index of the first
 * event no such sequence allows.
 */
function oracle(events: readonly FutureEvent[]): { state: FutureState } | { rejectedAt: number } {
  let cancelled = false;
  let started = false;
  let faulted = false;
  let final: 'abandoned' | 'returned' | 'raised' | undefined;
  for (const [index, event] of events.entries()) {
    if (faulted) {
      if (event === 'cancel' || event === 'fault') return { rejectedAt: index };
      continue;
    }
    if (final !== undefined) return { rejectedAt: index };
    switch (event) {
      case 'fault':
        faulted = true;
        break;
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
  if (faulted) return { state: cancelled ? CANCELLED : FAILED };
  if (final !== undefined) {
    if (cancelled) return { state: CANCELLED };
    return { state: final === 'returned' ? COMPLETED : FAILED };
  }
  if (cancelled) return { state: CANCELLING };
  return { state: started ? EXECUTING : WAITING };
}

function isComplete(events: readonly FutureEvent[]): boolean {
  return events.some(
    (event) => event === 'abandoned' || event === 'returned' || event === 'raised' || event === 'fault',
  );
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
    expect(valid + rejected).toBe((7 ** (MAX_LENGTH + 1) - 1) / 6);
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
        'fault',
        'started fault sent returned',
        'cancel fault abandoned',
      ]),
    );
    expect(complete).not.toContain('abandoned');
    expect(complete).not.toContain('started abandoned');
  });

  it('generates each sequence once', () => {
    const all = [...allSequences(3)].map((events) => events.join(' '));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(1 + 7 + 49 + 343);
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
      const final = Object.values(TRANSITIONS[state]).every((next) => next === state);
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
      faulted: 'failed',
      cancelledFaulted: 'cancelled',
    });
  });
});

class PlainFuture extends BaseFuture<string> {}

const EXCEPTION = { type: 'RangeError', message: 'boom', stack: 'RangeError: boom' };

/** The events a test can cause on a real future: a `fault` is what a rejected message causes. */
type FutureInput = Exclude<FutureEvent, 'fault'>;
const FUTURE_INPUTS: readonly FutureInput[] = FUTURE_EVENTS.filter(
  (event): event is FutureInput => event !== 'fault',
);

function messageFor(event: Exclude<FutureInput, 'cancel'>): TaskMessage {
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
 * returns `false`, not an error; a message the grammar rejects is reported and becomes a
 * `fault` (or, once the future is over, is dropped). Returns the end state, which cancels
 * were effective, and the indexes of the reported messages.
 */
function futureOracle(events: readonly FutureInput[]): {
  state: FutureState;
  effective: boolean[];
  reported: number[];
  faulted: boolean;
} {
  const kept: FutureEvent[] = [];
  const effective: boolean[] = [];
  const reported: number[] = [];
  let faulted = false;
  for (const [index, event] of events.entries()) {
    const now = oracle(kept) as { state: FutureState };
    if (event === 'cancel') {
      const isEffective = isCancellable(now.state);
      effective.push(isEffective);
      if (!isEffective) continue;
    } else {
      effective.push(true);
    }
    kept.push(event);
    if ('rejectedAt' in oracle(kept)) {
      kept.pop();
      reported.push(index);
      if (!isDone(now.state)) {
        kept.push('fault');
        faulted = true;
      }
    }
  }
  return { state: (oracle(kept) as { state: FutureState }).state, effective, reported, faulted };
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
    let faults = 0;
    for (const events of allSequences(FUTURE_MAX_LENGTH, FUTURE_INPUTS) as Generator<FutureInput[]>) {
      const where = `[${events.join(', ')}]`;
      const expected = futureOracle(events);
      const future = new PlainFuture(() => undefined);
      const reported: number[] = [];
      let index = 0;
      future[REPORT_ERRORS_TO] = (error) => {
        if (!(error instanceof StateTransitionError)) problems.push(`${where}: reported ${String(error)}`);
        reported.push(index);
      };
      const changes: string[] = [];
      for (const name of ['state', 'cancellable', 'done'] as const) {
        future.observe(name, (event) => changes.push(`${name}:${String(event.new)}`));
      }
      for (const [position, event] of events.entries()) {
        index = position;
        const before = future.state;
        if (event === 'cancel') {
          const accepted = future.cancel();
          if (accepted !== expected.effective[position])
            problems.push(`${where}: cancel() #${position} gave ${String(accepted)}`);
          if (!accepted && future.state !== before)
            problems.push(`${where}: a refused cancel() changed the state`);
          continue;
        }
        try {
          future[RECEIVE]([messageFor(event)]);
        } catch (error) {
          problems.push(`${where}: RECEIVE threw ${String(error)}`);
          break;
        }
      }
      checked++;
      if (expected.faulted) faults++;
      if (reported.join() !== expected.reported.join()) {
        problems.push(`${where}: reported at [${reported.join()}], expected [${expected.reported.join()}]`);
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
        const expectedType = expected.faulted ? 'StateTransitionError' : EXCEPTION.type;
        if (future.exception.type !== expectedType) problems.push(`${where}: wrong exception`);
      } else if (!throwsNaming(() => future.exception, future.state)) {
        problems.push(`${where}: exception did not throw naming '${future.state}'`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(checked).toBe((6 ** (FUTURE_MAX_LENGTH + 1) - 1) / 5);
    expect(faults).toBeGreaterThan(checked / 2);
  });

  it('reaches the same end when a sequence without cancel arrives as one batch', () => {
    const problems: string[] = [];
    for (const events of allSequences(FUTURE_MAX_LENGTH, FUTURE_INPUTS) as Generator<FutureInput[]>) {
      if (events.includes('cancel')) continue;
      const where = `[${events.join(', ')}]`;
      const expected = futureOracle(events);
      const future = new PlainFuture(() => undefined);
      let reports = 0;
      future[REPORT_ERRORS_TO] = () => reports++;
      let notifications = 0;
      future.subscribe(() => notifications++);
      const batch = events.map((event) => messageFor(event as Exclude<FutureInput, 'cancel'>));
      let over: boolean;
      try {
        over = future[RECEIVE](batch);
      } catch (error) {
        problems.push(`${where}: threw ${String(error)}`);
        continue;
      }
      // In one batch, a fault ends the batch: what follows it is never looked at.
      const expectedReports = expected.reported.length === 0 ? 0 : 1;
      if (future.state !== expected.state) problems.push(`${where}: ended ${future.state}`);
      else if (over !== future.done) problems.push(`${where}: returned ${String(over)}`);
      else if (reports !== expectedReports) problems.push(`${where}: ${reports} reports`);
      else if (notifications !== (events.length === 0 ? 0 : 1))
        problems.push(`${where}: ${notifications} notifications`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('cancel() itself follows the table from every reachable public state', () => {
    const paths: Record<FutureState, FutureInput[]> = {
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
