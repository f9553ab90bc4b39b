import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskReport, WorkerReport } from '../../../src/core/messages.js';
import type { Transferable } from '../../../src/core/transfer.js';
import { Outbox } from '../../../src/worker/outbox.js';

interface Posted {
  report: WorkerReport;
  transfer: readonly Transferable[];
}

/** A `postMessage` stand-in that rejects, like structured clone, any function in a report. */
function makePost(): {
  posts: Posted[];
  post: (report: WorkerReport, transfer: readonly Transferable[]) => void;
} {
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

/** A clock the tests move by hand (the outbox reads `performance.now()`). */
function fakeClock(start = 1000): { advance: (ms: number) => void; reads: () => number } {
  let now = start;
  const spy = vi.spyOn(performance, 'now').mockImplementation(() => now);
  return { advance: (ms) => (now += ms), reads: () => spy.mock.calls.length };
}

/** A task `id` that starts, runs for `ms` of the clock and returns `id`. */
function runTask(outbox: Outbox, clock: { advance: (ms: number) => void }, id: number, ms: number): void {
  outbox.push(started(id));
  clock.advance(ms);
  outbox.push(returned(id, id));
}

/** The `arg`s of every `sent` message posted, post by post. */
function argsByPost(posts: readonly Posted[]): unknown[][] {
  return posts.map((posted) =>
    posted.report
      .filter((report) => report.type === 'sent')
      .map((report) => (report as { arg: unknown }).arg),
  );
}

describe('Outbox: messages on time (SPEC §3.8a)', () => {
  it('posts each message at once while the task sends now and then (the leading edge)', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined);
    outbox.push(started(1));
    expect(posts).toEqual([{ report: [started(1)], transfer: [] }]);
    for (let index = 0; index < 5; index++) {
      outbox.push(sent(1, index));
      clock.advance(0.2);
    }
    // Five messages in one millisecond are not a burst: each went at once, none waits.
    expect(argsByPost(posts.slice(1))).toEqual([[0], [1], [2], [3], [4]]);
  });

  it('holds the messages of a fast sender (more than `burst` within quietGap) and posts them together at the end of the synchronous stretch', async () => {
    fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 4 });
    for (let index = 0; index < 100; index++) outbox.push(sent(1, index));
    expect(argsByPost(posts)).toEqual([[0], [1], [2], [3]]);
    await Promise.resolve();
    expect(posts).toHaveLength(5);
    expect(argsByPost(posts)[4]).toEqual(Array.from({ length: 96 }, (_, index) => index + 4));
  });

  it('posts a held batch with the first message that follows a pause, and posts at once again after it', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 2, quietGap: 1 });
    for (let index = 0; index < 5; index++) outbox.push(sent(1, index));
    expect(argsByPost(posts)).toEqual([[0], [1]]);
    clock.advance(1);
    outbox.push(sent(1, 5));
    expect(argsByPost(posts)).toEqual([[0], [1], [2, 3, 4, 5]]);
    clock.advance(0.1);
    outbox.push(sent(1, 6));
    expect(argsByPost(posts).at(-1)).toEqual([6]);
  });

  it('posts a held batch inside a busy loop once it is maxDelay old, and when maxBatch messages wait', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 0, maxDelay: 8, maxBatch: 50 });
    for (let index = 0; index < 16; index++) {
      outbox.push(sent(1, index));
      clock.advance(0.5);
    }
    // Held at 0 … 7.5 ms; the message at 8 ms finds the batch 8 ms old.
    expect(posts).toEqual([]);
    outbox.push(sent(1, 16));
    expect(argsByPost(posts)).toEqual([Array.from({ length: 17 }, (_, index) => index)]);
    for (let index = 17; index < 67; index++) outbox.push(sent(1, index));
    expect(argsByPost(posts)[1]).toHaveLength(50);
  });

  it('poll() (the cancellation checks) posts a held batch once the task sent nothing for quietGap, reading the clock at the 2nd, 4th, 8th… check', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 0 });
    outbox.push(sent(1, 'a'));
    outbox.push(sent(1, 'b'));
    const reads = clock.reads();
    outbox.poll();
    expect(clock.reads()).toBe(reads);
    outbox.poll();
    expect(posts).toEqual([]);
    clock.advance(1);
    outbox.poll();
    expect(posts).toEqual([]);
    outbox.poll();
    expect(argsByPost(posts)).toEqual([['a', 'b']]);
    outbox.poll();
    expect(posts).toHaveLength(1);
  });

  it('posts a task’s start at once on a quiet worker, and holds one that follows another task’s end closely until that task sends', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined);
    outbox.push(started(1));
    outbox.push(returned(1, 'r'));
    expect(posts.map((posted) => posted.report)).toEqual([[started(1)], [returned(1, 'r')]]);
    clock.advance(0.1);
    outbox.push(started(2));
    expect(posts).toHaveLength(2);
    outbox.push(sent(2, 'first'));
    expect(posts[2]!.report).toEqual([started(2), sent(2, 'first')]);
  });

  it('posts a final message at once, with what its task left waiting', () => {
    fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 0 });
    outbox.push(sent(1, 'x'));
    outbox.push(returned(1, 'done'));
    expect(posts.map((posted) => posted.report)).toEqual([[sent(1, 'x'), returned(1, 'done')]]);
  });

  it('holds the ends of short tasks while more wait in the worker, and posts them with the last one’s end', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    let waiting = 3;
    const outbox = new Outbox(
      post,
      () => undefined,
      {},
      () => waiting > 0,
    );
    outbox.push(started(1));
    expect(posts).toHaveLength(1); // a quiet worker's first start goes at once
    for (let id = 1; id <= 4; id++) {
      if (id > 1) outbox.push(started(id));
      clock.advance(0.1);
      waiting = 4 - id;
      outbox.push(returned(id, id));
    }
    expect(posts.map((posted) => posted.report)).toEqual([
      [started(1)],
      [returned(1, 1), started(2), returned(2, 2), started(3), returned(3, 3), started(4), returned(4, 4)],
    ]);
  });

  it('posts the held ends of short tasks in the next turn of the event loop (a task after them awaits)', async () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(
      post,
      () => undefined,
      {},
      () => true,
    );
    runTask(outbox, clock, 1, 0.1);
    outbox.push(started(2));
    await Promise.resolve(); // microtasks: the next task may start, nothing is posted yet
    expect(posts).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(posts[1]!.report).toEqual([returned(1, 1), started(2)]);
  });

  it.each([
    [true, [[started(1)], [returned(1, 1)]]],
    [false, [[started(1)], [returned(1, 1)], [started(2)]]],
  ])(
    "holds a started right after a short task's end only when the task is of the same function (alike: %s)",
    async (alike, expected) => {
      const clock = fakeClock();
      const { posts, post } = makePost();
      const outbox = new Outbox(
        post,
        () => undefined,
        {},
        () => false,
        undefined,
        () => alike,
      );
      outbox.push(started(1));
      clock.advance(0.1);
      outbox.push(returned(1, 1));
      clock.advance(0.1);
      // A task of another function may compute for long: nothing says it is short.
      outbox.push(started(2));
      expect(posts.map((posted) => posted.report)).toEqual(expected);
      await Promise.resolve();
      expect(posts.at(-1)?.report).toEqual([started(2)]);
    },
  );

  it('posts at once the end of a task that ran for quietGap or more, and a held batch once it is maxDelay old', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(
      post,
      () => undefined,
      {},
      () => true,
    );
    outbox.push(started(1));
    clock.advance(1);
    outbox.push(returned(1, 'long'));
    expect(posts.map((posted) => posted.report)).toEqual([[started(1)], [returned(1, 'long')]]);
    // Tasks of 0.5 ms from here. The first one's `started` follows a long task: it goes at once
    // (that task might be long too). Then the batch begun by its end goes with the first end
    // 8 ms after it.
    for (let id = 2; id <= 20; id++) {
      runTask(outbox, clock, id, 0.5);
    }
    expect(posts).toHaveLength(4);
    expect(posts[2]!.report).toEqual([started(2)]);
    const ids = Array.from({ length: 16 }, (_, index) => index + 3);
    expect(posts[3]!.report).toEqual([
      returned(2, 2),
      ...ids.flatMap((id) => [started(id), returned(id, id)]),
    ]);
  });

  it('holds the ends of short tasks while the main thread has not read the earlier posts, and posts them once it has (or at maxDelay)', async () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    let read = 0;
    let waiting = false;
    const waits: { seen: number; timeout: number; wake: () => void }[] = [];
    const receipts = {
      batchesRead: () => read,
      whenBatchRead: (seen: number, timeout: number) =>
        new Promise<void>((resolve) => waits.push({ seen, timeout, wake: resolve })),
    };
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const outbox = new Outbox(
      post,
      () => undefined,
      {},
      () => waiting,
      receipts,
    );
    runTask(outbox, clock, 1, 0.1); // only its own start is unread: at once
    expect(posts.map((posted) => posted.report)).toEqual([[started(1)], [returned(1, 1)]]);

    waiting = true; // task 3 was sent ahead behind task 2
    runTask(outbox, clock, 2, 0.1);
    waiting = false;
    runTask(outbox, clock, 3, 0.1); // nothing waits, but the main thread is behind: held
    await nextTurn();
    expect(posts).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]!.seen).toBe(0);
    expect(waits[0]!.timeout).toBeCloseTo(8 - 0.2); // until the batch is maxDelay old
    read = 1; // the main thread read one post of two: still behind
    waits[0]!.wake();
    await nextTurn();
    expect(posts).toHaveLength(2);
    read = 2;
    waits[1]!.wake();
    await nextTurn();
    expect(posts[2]!.report).toEqual([started(2), returned(2, 2), started(3), returned(3, 3)]);

    runTask(outbox, clock, 4, 0.1); // behind again (one post unread): held
    await nextTurn();
    expect(posts).toHaveLength(3);
    clock.advance(8); // the wait timed out: the batch is maxDelay old
    waits[2]!.wake();
    await nextTurn();
    expect(posts[3]!.report).toEqual([started(4), returned(4, 4)]);
  });

  it('lets held ends go before a task that was not sent ahead behind them starts', () => {
    const clock = fakeClock();
    const { posts, post } = makePost();
    const receipts = { batchesRead: () => 0, whenBatchRead: () => new Promise<void>(() => undefined) };
    const outbox = new Outbox(
      post,
      () => undefined,
      {},
      () => false,
      receipts,
    );
    runTask(outbox, clock, 1, 0.1);
    clock.advance(0.1);
    runTask(outbox, clock, 2, 0.1); // the main thread is behind: held
    expect(posts).toHaveLength(2);
    outbox.push(started(3)); // it may compute for long: the held end goes now, with this start
    expect(posts[2]!.report).toEqual([started(2), returned(2, 2), started(3)]);
  });

  it('flush() posts what waits, and does nothing when empty', () => {
    fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 0 });
    outbox.flush();
    expect(posts).toEqual([]);
    outbox.push(sent(4, 'x'));
    outbox.flush();
    outbox.flush();
    expect(posts).toEqual([{ report: [sent(4, 'x')], transfer: [] }]);
  });

  it('moves the transferables of every message with the batch', async () => {
    fakeClock();
    const { posts, post } = makePost();
    const outbox = new Outbox(post, () => undefined, { burst: 0 });
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
    fakeClock();
    const outbox = new Outbox(post, onUncloneable, { burst: 0 });
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
