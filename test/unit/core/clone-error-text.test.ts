/**
 * Clone errors read as one sentence each: the cause's own final period is not doubled by the
 * text that follows it ("could not be cloned.. Arguments" was the bug).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerContext } from '../../../src/contexts/worker-threads/worker-context.js';
import { reasonOf } from '../../../src/core/reason-of.js';
import { Executor } from '../../../src/core/executor.js';
import { submitCall } from '../../../src/tasks/call/submit-call.js';
import { waitFor } from '../../../src/testing/wait-for.js';

describe('reasonOf', () => {
  it('gives an error’s message without its final period', () => {
    expect(reasonOf(new Error('#<WeakMap> could not be cloned.'))).toBe('#<WeakMap> could not be cloned');
    expect(reasonOf(new Error('no period'))).toBe('no period');
    expect(reasonOf(new Error('dots...'))).toBe('dots...');
  });

  it('describes a non-error and never throws', () => {
    expect(reasonOf('plain text.')).toBe('plain text');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(typeof reasonOf(proxy)).toBe('string');
  });
});

describe('clone errors of a WorkerContext', () => {
  const executor = new Executor({ context: new WorkerContext({ maxWorkers: 1 }) });
  afterAll(() => executor.shutdown());

  it('an argument that cannot be cloned: one period, then the advice', async () => {
    const future = submitCall(executor, (_map: WeakMap<object, number>) => 1, new WeakMap());
    await waitFor(future, 'done', (f) => f.done, { timeout: 10_000 });
    expect(future.exception.type).toBe('SerializationError');
    expect(future.exception.message).toContain('could not be cloned. Arguments cross to the worker');
    expect(future.exception.message).not.toContain('..');
  });

  it('a result that cannot be cloned: one period, then the advice', async () => {
    const future = submitCall(executor, () => new WeakMap());
    await waitFor(future, 'done', (f) => f.done, { timeout: 10_000 });
    expect(future.exception.type).toBe('SerializationError');
    expect(future.exception.message).toContain('could not be cloned. Values cross threads');
    expect(future.exception.message).not.toContain('..');
  });
});
