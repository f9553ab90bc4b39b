import { describe, expect, it } from 'vitest';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { WorkerReport, WorkerRequest } from '../../../src/core/messages.js';
import { decodeReport, decodeRequests, encodeReport, encodeRequests } from '../../../src/core/wire-format.js';

/** What a structured-clone channel delivers of `value` (a real port, as between threads). */
function cloned<T>(value: T): T {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(value);
    return receiveMessageOnPort(port2)?.message as T;
  } finally {
    port1.close();
  }
}

function decodedRequests(wire: readonly unknown[]): WorkerRequest[] {
  const requests: WorkerRequest[] = [];
  decodeRequests(wire, (request) => requests.push(request));
  return requests;
}

const REQUESTS: readonly WorkerRequest[] = [
  { type: 'define', ref: 0, location: { kind: 'builtin', name: 'call' } },
  { type: 'define', ref: 1, location: { kind: 'module', url: 'file:///tasks.js', name: 'add' }, forget: 0 },
  { type: 'run', id: 7, slot: 2, runner: 0, args: [1, { deep: [2, 3] }, 'x'], taskArguments: [0] },
  { type: 'run', id: 8, slot: 0, runner: 1, args: [], taskArguments: [], maxUndelivered: 16 },
  { type: 'cancel', id: 7 },
];

const REPORT: WorkerReport = [
  { id: 1, type: 'started' },
  { id: 1, type: 'sent', messageType: 'progress', arg: { done: 1 } },
  { id: 1, type: 'sentMany', messageType: 'generated', args: [1, 'two', null] },
  { id: 1, type: 'returned', value: new Map([['k', [1]]]) },
  { id: 2, type: 'abandoned' },
  { id: 3, type: 'started' },
  { id: 3, type: 'raised', exception: { type: 'Error', message: 'boom', stack: 'Error: boom' } },
  { id: 4, type: 'returned', value: undefined },
];

describe('the wire format', () => {
  it('carries each kind of request, alone or in a batch, through a real channel unchanged', () => {
    for (const request of REQUESTS)
      expect(decodedRequests(cloned(encodeRequests(request)))).toEqual([request]);
    expect(decodedRequests(cloned(encodeRequests(REQUESTS)))).toEqual(REQUESTS);
  });

  it('leaves optional request fields absent, not undefined, when they were absent', () => {
    const [define, , run] = decodedRequests(encodeRequests(REQUESTS));
    expect(define).not.toHaveProperty('forget');
    expect(run).not.toHaveProperty('maxUndelivered');
  });

  it('carries every kind of task message through a real channel unchanged, in order', () => {
    expect(decodeReport(cloned(encodeReport(REPORT)))).toEqual(REPORT);
  });

  it('is flat arrays of numbers and the carried values: no object per message', () => {
    const wire = encodeReport([
      { id: 5, type: 'started' },
      { id: 5, type: 'returned', value: 'v' },
    ]);
    expect(wire).toEqual([expect.any(Number), 5, expect.any(Number), 5, 'v']);
    const request = encodeRequests({ type: 'run', id: 9, slot: 1, runner: 3, args: [4], taskArguments: [] });
    expect(request.filter((field) => typeof field === 'object' && !Array.isArray(field))).toEqual([]);
  });

  it('names a record it does not know as a bug instead of misreading what follows', () => {
    expect(() => decodeReport([99, 1])).toThrow(/unknown type 99: this is a bug/);
    expect(() => decodedRequests([99, 1])).toThrow(/unknown type 99: this is a bug/);
  });
});
