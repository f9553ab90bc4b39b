import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskReport, WorkerReport } from '../../../src/core/messages.js';
import type { Transferable } from '../../../src/core/transfer.js';
import { Outbox } from '../../../src/worker/outbox.js';

interface Posted {
  report: WorkerReport;
  transfer: Transferable[];
}

/** A `postMessage` stand-in that rejects, like structured clone, any function in a report. */
function makePost(): { posts: Posted[]; post: (report: WorkerReport, transfer: Transferable[]) => void } {
  const posts: Posted[] = [];
  return {
    posts,
    post: (report, transfer) => {
      for (const message of report) {
        const payload =
          message.type === 'sent' ? message.arg : message.type === 'returned' ? message.value : 0;
        if (typeof payload === 'function') {
          throw new Error(`${String(payload)} could not be cloned.`);
        }
      }
      posts.push({ report: [...report], transfer: [...transfer] });
    },
  };
}

const started = (id: number): TaskReport => ({ id, type: 'started' });
const sent = (id: number, arg: unknown): TaskReport => ({ id, type: 'sent', messageType: 'tick', arg });
const returned = (id: number, value: unknown): TaskReport => ({ id, type: 'returned', value });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Outbox: batching', () => {
  it('posts nothing synchronously, then everything of one turn in one post', async () => {
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined);
    outbox.push(started(1));
    outbox.push(sent(1, 'a'));
    outbox.push(started(2));
    outbox.push(returned(1, 'r'));
    expect(posts).toEqual([]);
    await Promise.resolve();
    expect(posts).toEqual([
      { report: [started(1), sent(1, 'a'), started(2), returned(1, 'r')], transfer: [] },
    ]);
  });

  it('posts at once when maxBatch messages wait, keeping order across posts', async () => {
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { maxBatch: 3 });
    for (let index = 0; index < 7; index++) outbox.push(sent(1, index));
    expect(posts.map((posted) => posted.report.length)).toEqual([3, 3]);
    await Promise.resolve();
    const args = posts.flatMap((posted) => posted.report.map((report) => (report as { arg: unknown }).arg));
    expect(args).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('posts inside a busy loop once the oldest message is maxDelay old', () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { maxDelay: 8 });
    for (let index = 0; index < 64; index++) outbox.push(sent(1, index));
    expect(posts).toEqual([]);
    now += 8;
    for (let index = 64; index < 128; index++) outbox.push(sent(1, index));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.report).toHaveLength(128);
  });

  it('does not post early when the loop is quick', () => {
    vi.spyOn(performance, 'now').mockReturnValue(5);
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined);
    for (let index = 0; index < 1000; index++) outbox.push(sent(1, index));
    expect(posts).toEqual([]);
    outbox.push(sent(1, 'x'));
    outbox.flush();
    expect(posts).toHaveLength(1);
  });

  it('flush() posts what waits, and does nothing when empty', () => {
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined);
    outbox.flush();
    expect(posts).toEqual([]);
    outbox.push(started(4));
    outbox.flush();
    outbox.flush();
    expect(posts).toEqual([{ report: [started(4)], transfer: [] }]);
  });

  it('moves the transferables of every message with the batch', async () => {
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined);
    const first = new ArrayBuffer(8);
    const second = new ArrayBuffer(8);
    outbox.push(sent(1, first), [first]);
    outbox.push(sent(1, 'plain'));
    outbox.push(returned(1, second), [second]);
    await Promise.resolve();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.transfer).toEqual([first, second]);
    expect(posts[0]!.transfer[0]).toBe(first);
  });
});

describe('Outbox: values that cannot be cloned', () => {
  it('fails only the task whose message could not be cloned, and drops its later messages', async () => {
    const { posts, post } = makePost();
    const onUncloneable = vi.fn();
    const outbox = new Outbox(post, onUncloneable);
    outbox.push(started(1));
    outbox.push(started(2));
    outbox.push(sent(1, () => 'a function'));
    outbox.push(sent(2, 'fine'));
    outbox.push(sent(1, 'after the bad one'));
    await Promise.resolve();
    const reports = posts.flatMap((posted) => posted.report);
    expect(reports.map((report) => `${report.id}:${report.type}`)).toEqual([
      '1:started',
      '2:started',
      '1:raised',
      '2:sent',
    ]);
    const raised = reports[2] as Extract<TaskReport, { type: 'raised' }>;
    expect(raised.exception.type).toBe('SerializationError');
    expect(raised.exception.message).toMatch(/A `tick` message sent by the task could not be sent/);
    expect(raised.exception.message).toMatch(/could not be cloned/);
    expect(raised.exception.message).toMatch(/structured clone/);
    expect(onUncloneable).toHaveBeenCalledTimes(1);
    expect(onUncloneable).toHaveBeenCalledWith(1);

    // Later messages of task 1 are dropped up to its final one; then the id is clean again.
    outbox.push(sent(1, 'still dropped'));
    outbox.push(returned(1, 'dropped too'));
    outbox.push(sent(2, 'kept'));
    await Promise.resolve();
    const later = posts.slice(-1)[0]!.report;
    expect(later).toEqual([sent(2, 'kept')]);
  });

  it('fails the task with a clear message when its result cannot be cloned', async () => {
    const { posts, post } = makePost();
    const onUncloneable = vi.fn();
    const outbox = new Outbox(post, onUncloneable);
    outbox.push(started(7));
    outbox.push(returned(7, () => 'no'));
    await Promise.resolve();
    const reports = posts.flatMap((posted) => posted.report);
    expect(reports.map((report) => report.type)).toEqual(['started', 'raised']);
    const raised = reports[1] as Extract<TaskReport, { type: 'raised' }>;
    expect(raised.id).toBe(7);
    expect(raised.exception.message).toMatch(/^The result of the task could not be sent to the main thread/);
    // The task is over, so there is nothing left to stop.
    expect(onUncloneable).not.toHaveBeenCalled();
  });
});
