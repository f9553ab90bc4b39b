import { describe, expect, it } from 'vitest';
import { StateTransitionError } from '../../../../src/core/errors.js';
import {
  MADE_UP_ENDING,
  TASK_EVENTS,
  TASK_STATES,
  TASK_TRANSITIONS,
  taskTransition,
  type TaskState,
} from '../../../../src/contexts/pool/task-lifecycle.js';

describe('the context-side task lifecycle table', () => {
  it('has one final state, reachable from every state', () => {
    const finals = TASK_STATES.filter((state) => Object.keys(TASK_TRANSITIONS[state]).length === 0);
    expect(finals).toEqual(['finished']);
    for (const state of TASK_STATES) {
      if (state !== 'finished') expect(taskTransition(state, 'kill')).toBe('finished');
    }
  });

  it('reaches every state from queued', () => {
    const seen = new Set<TaskState>(['queued']);
    const frontier: TaskState[] = ['queued'];
    while (frontier.length > 0) {
      const state = frontier.pop() as TaskState;
      for (const next of Object.values(TASK_TRANSITIONS[state])) {
        if (!seen.has(next)) {
          seen.add(next);
          frontier.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...TASK_STATES].sort());
  });

  it('throws StateTransitionError for every event the table does not list', () => {
    for (const state of TASK_STATES) {
      for (const event of TASK_EVENTS) {
        if (TASK_TRANSITIONS[state][event] !== undefined) continue;
        expect(() => taskTransition(state, event)).toThrow(StateTransitionError);
      }
    }
  });

  it('makes up an end for a task killed in any state that its future can take', () => {
    expect(MADE_UP_ENDING.queued).toBe('startAndRaise');
    expect(MADE_UP_ENDING.cancelRequestedAhead).toBe('abandon');
    expect(MADE_UP_ENDING.started).toBe('raise');
    // A withdrawn task's future already had its `abandoned`; a finished one its own end.
    expect(MADE_UP_ENDING.withdrawn).toBe('none');
    expect(MADE_UP_ENDING.finished).toBe('none');
  });
});
