import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../../src/testing/manual-scheduler.js';

describe('ManualScheduler', () => {
  it('collects callbacks without running them', () => {
    const scheduler = new ManualScheduler();
    const ran: number[] = [];
    scheduler.schedule(() => ran.push(1));
    scheduler.schedule(() => ran.push(2));
    expect(scheduler.pending).toBe(2);
    expect(ran).toEqual([]);
  });

  it('runNext() runs the oldest callback and says whether there was one', () => {
    const scheduler = new ManualScheduler();
    const ran: number[] = [];
    scheduler.schedule(() => ran.push(1));
    scheduler.schedule(() => ran.push(2));
    expect(scheduler.runNext()).toBe(true);
    expect(ran).toEqual([1]);
    expect(scheduler.pending).toBe(1);
    expect(scheduler.runNext()).toBe(true);
    expect(scheduler.runNext()).toBe(false);
    expect(ran).toEqual([1, 2]);
  });

  it('runAll() runs callbacks scheduled by callbacks, in order, and counts them', () => {
    const scheduler = new ManualScheduler();
    const ran: string[] = [];
    scheduler.schedule(() => {
      ran.push('a');
      scheduler.schedule(() => ran.push('c'));
    });
    scheduler.schedule(() => ran.push('b'));
    expect(scheduler.runAll()).toBe(3);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(scheduler.pending).toBe(0);
    expect(scheduler.runAll()).toBe(0);
  });

  it('runAll() gives up after its limit, leaving the rest queued', () => {
    const scheduler = new ManualScheduler();
    let runs = 0;
    const forever = (): void => {
      runs++;
      scheduler.schedule(forever);
    };
    scheduler.schedule(forever);
    expect(scheduler.runAll(50)).toBe(50);
    expect(runs).toBe(50);
    expect(scheduler.pending).toBe(1);
  });

  it('has a bound schedule, to pass as an option', () => {
    const scheduler = new ManualScheduler();
    const { schedule } = scheduler;
    schedule(() => undefined);
    expect(scheduler.pending).toBe(1);
  });
});
