import { expect, it } from 'vitest';
import { RECEIVE } from '../../../../src/core/internal.js';
import { IterationFuture } from '../../../../src/tasks/iteration/iteration-future.js';

it('answers next() calls made before the items arrive, in order', async () => {
  const future = new IterationFuture<number, void>(() => undefined);
  const values = future.values();
  const first = values.next();
  const second = values.next();
  const third = values.next();
  future[RECEIVE]([
    { type: 'started' },
    { type: 'sent', messageType: 'generated', arg: 1 },
    { type: 'sent', messageType: 'generated', arg: 2 },
    { type: 'returned', value: undefined },
  ]);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('hung'), 1000));
  expect(await Promise.race([first, timeout])).toEqual({ done: false, value: 1 });
  expect(await Promise.race([second, timeout])).toEqual({ done: false, value: 2 });
  expect(await Promise.race([third, timeout])).toEqual({ done: true, value: undefined });
});
