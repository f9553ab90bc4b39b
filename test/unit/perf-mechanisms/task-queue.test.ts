import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../../src/contexts/pool/task-queue.js';

describe('TaskQueue', () => {
  it('is first in, first out', () => {
    const queue = new TaskQueue<number>();
    for (let i = 0; i < 5; i++) queue.push(i);
    expect(queue.length).toBe(5);
    expect([queue.shift(), queue.shift()]).toEqual([0, 1]);
    expect(queue.drain()).toEqual([2, 3, 4]);
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  it('skips removed items and counts them out', () => {
    const queue = new TaskQueue<string>();
    for (const item of ['a', 'b', 'c', 'd']) queue.push(item);
    queue.remove('b');
    queue.remove('d');
    expect(queue.length).toBe(2);
    expect(queue.drain()).toEqual(['a', 'c']);
  });

  it('puts requeued items first, in their order', () => {
    const queue = new TaskQueue<number>();
    queue.push(3);
    queue.push(4);
    expect(queue.shift()).toBe(3);
    queue.unshiftAll([1, 2]);
    expect(queue.drain()).toEqual([1, 2, 4]);
  });

  it('keeps order over many pushes, shifts and removals (compaction)', () => {
    const queue = new TaskQueue<number>();
    const expected: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 200; i++) queue.push(next++);
      for (let i = 0; i < 150; i++) queue.shift();
    }
    const all = queue.drain();
    for (let i = 50 * 150; i < next; i++) expected.push(i);
    expect(all).toEqual(expected);
  });
});
