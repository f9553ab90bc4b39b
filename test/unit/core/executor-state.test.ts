import { describe, expect, it } from 'vitest';
import { StateTransitionError } from '../../../src/core/errors.js';
import {
  EXECUTOR_STATES,
  executorTransition,
  type ExecutorEvent,
  type ExecutorState,
} from '../../../src/core/executor-state.js';

describe('executorTransition', () => {
  it('only moves forward: running → stopping → stopped', () => {
    const expected: Record<ExecutorState, Partial<Record<ExecutorEvent, ExecutorState>>> = {
      running: { stop: 'stopping' },
      stopping: { drained: 'stopped' },
      stopped: {},
    };
    for (const state of EXECUTOR_STATES) {
      for (const event of ['stop', 'drained'] as const) {
        const next = expected[state][event];
        if (next === undefined) {
          expect(() => executorTransition(state, event)).toThrow(StateTransitionError);
          expect(() => executorTransition(state, event)).toThrow(`'${event}' in state '${state}'`);
        } else {
          expect(executorTransition(state, event)).toBe(next);
        }
      }
    }
  });

  it('lists the states in order', () => {
    expect(EXECUTOR_STATES).toEqual(['running', 'stopping', 'stopped']);
  });
});
