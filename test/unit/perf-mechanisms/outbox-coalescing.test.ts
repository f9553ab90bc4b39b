import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskReport, WorkerReport } from '../../../src/core/messages.js';
import { Outbox } from '../../../src/worker/outbox.js';

function recorder(): { posts: WorkerReport[]; post: (report: WorkerReport) => void } {
  const posts: WorkerReport[] = [];
  return {
    posts,
    post: (report) => {
      for (const message of report) {
        const values =
          message.type === 'sentMany' ? message.args : message.type === 'sent' ? [message.arg] : [];
        if (values.some((value) => typeof value === 'function')) throw new Error('could not be cloned');
      }
      posts.push(report);
    },
  };
}

/** Every task message in the posts, with `sentMany` expanded, as `id:type:value`. */
function flatten(posts: readonly WorkerReport[]): string[] {
  return posts.flatMap((report) =>
    report.flatMap((message: TaskReport) =>
      message.type === 'sentMany'
        ? message.args.map((arg) => `${message.id}:${message.messageType}:${String(arg)}`)
        : message.type === 'sent'
          ? [`${message.id}:${message.messageType}:${String(message.arg)}`]
          : [`${message.id}:${message.type}`],
    ),
  );
}

describe('Outbox coalescing of sent messages', () => {
  // A still clock and `burst: 0`: every message is held, as from a task that sends fast.
  beforeEach(() => {
    vi.spyOn(performance, 'now').mockReturnValue(1000);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends consecutive items of one task and type as one sentMany, keeping the order of all messages', () => {
    const { posts, post } = recorder();
    const outbox = new Outbox(post, () => undefined, { burst: 0 });
    outbox.pushSent(3, 'generated', 'before');
    outbox.push({ id: 1, type: 'started' });
    for (let i = 0; i < 3; i++) outbox.pushSent(1, 'generated', i);
    outbox.pushSent(2, 'generated', 'x');
    outbox.pushSent(1, 'generated', 3);
    outbox.pushSent(1, 'progress', 4);
    outbox.push({ id: 1, type: 'returned', value: 5 });
    outbox.flush();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.filter((message) => message.type === 'sentMany')).toHaveLength(5);
    expect(flatten(posts)).toEqual([
      '3:generated:before',
      '1:started',
      '1:generated:0',
      '1:generated:1',
      '1:generated:2',
      '2:generated:x',
      '1:generated:3',
      '1:progress:4',
      '1:returned',
    ]);
  });

  it('counts each item toward maxBatch', () => {
    const { posts, post } = recorder();
    const outbox = new Outbox(post, () => undefined, { maxBatch: 10, burst: 0 });
    for (let i = 0; i < 25; i++) outbox.pushSent(1, 'generated', i);
    outbox.flush();
    expect(posts.map((report) => flatten([report]).length)).toEqual([10, 10, 5]);
    expect(flatten(posts)).toEqual(Array.from({ length: 25 }, (_, i) => `1:generated:${i}`));
  });

  it('on an uncloneable item, delivers the items before it, fails the task and drops the rest', () => {
    const { posts, post } = recorder();
    const failed: number[] = [];
    const outbox = new Outbox(post, (id) => failed.push(id), { burst: 0 });
    outbox.pushSent(1, 'generated', 0);
    outbox.pushSent(1, 'generated', 1);
    outbox.pushSent(1, 'generated', () => 2);
    outbox.pushSent(1, 'generated', 3);
    outbox.flush();
    outbox.pushSent(1, 'generated', 4);
    outbox.flush();
    const messages = flatten(posts);
    expect(messages.slice(0, 3)).toEqual(['1:generated:0', '1:generated:1', '1:raised']);
    expect(messages).not.toContain('1:generated:4');
    expect(failed).toEqual([1]);
  });
});
