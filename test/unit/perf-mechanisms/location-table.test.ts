/**
 * The location table: a worker is sent each task location once (a `define` request), then
 * only its number; a worker that replaces a dead one is sent the locations again.
 */
import { describe, expect, it } from 'vitest';
import type { WorkerRequest } from '../../../src/core/messages.js';
import { builtinTask } from '../../../src/core/task-reference.js';
import type { TaskMessage } from '../../../src/core/messages.js';
import type { PoolWorkerEvents } from '../../../src/contexts/pool/pool-worker.js';
import {
  DefinedLocations,
  LocationRefs,
  WORKER_LOCATION_CAPACITY,
} from '../../../src/contexts/pool/location-refs.js';
import { WorkerPool } from '../../../src/contexts/pool/worker-pool.js';
import { RESOLVED_CAPACITY, resolveTask, resolvedCount } from '../../../src/worker/resolve-task.js';
import { startRuntime } from '../../../src/worker/runtime.js';
import { decodeRequests, encodeRequests } from '../../../src/core/wire-format.js';

interface InProcessWorker {
  readonly requests: WorkerRequest[];
  readonly events: PoolWorkerEvents;
}

/** A pool whose workers run the real runtime in this process, recording every request. */
function setup(): {
  pool: WorkerPool;
  workers: InProcessWorker[];
  call: (fn: (x: number) => number, value: number) => Promise<TaskMessage[]>;
} {
  const workers: InProcessWorker[] = [];
  const pool = new WorkerPool({
    maxWorkers: 1,
    tasksPerWorker: 4,
    schedule: (callback) => setTimeout(callback, 0),
    createWorker: (_flags, events) => {
      const worker: InProcessWorker = { requests: [], events };
      workers.push(worker);
      const handle = startRuntime({ post: (report) => events.report(report) });
      return {
        post: (request) => {
          worker.requests.push(request);
          handle(request);
        },
        postMany: (requests) => {
          worker.requests.push(...requests);
          decodeRequests(encodeRequests(requests), handle);
        },
        setActive: () => undefined,
        terminate: () => Promise.resolve(),
      };
    },
  });
  const call = (fn: (x: number) => number, value: number): Promise<TaskMessage[]> =>
    new Promise((resolve) => {
      const received: TaskMessage[] = [];
      pool.run({ runner: builtinTask('call'), args: [fn, value] }, (messages) => {
        received.push(...messages);
        if (received.some((message) => message.type === 'returned' || message.type === 'raised')) {
          resolve(received);
        }
      });
    });
  return { pool, workers, call };
}

const definitions = (requests: readonly WorkerRequest[]) =>
  requests.filter((request) => request.type === 'define');
const runs = (requests: readonly WorkerRequest[]) => requests.filter((request) => request.type === 'run');
const result = (messages: readonly TaskMessage[]): unknown =>
  messages.find((message) => message.type === 'returned')?.type === 'returned'
    ? (messages.find((message) => message.type === 'returned') as { value: unknown }).value
    : messages;

describe('the location table', () => {
  it('sends a location once: the second task with the same function sends none', async () => {
    const { pool, workers, call } = setup();
    const double = (x: number): number => x * 2;
    expect(result(await call(double, 1))).toBe(2);
    const [worker] = workers as [InProcessWorker];
    const first = definitions(worker.requests);
    // The built-in `call` runner and the inline function.
    expect(first.map((request) => request.location.kind).sort()).toEqual(['builtin', 'source']);
    expect(result(await call(double, 2))).toBe(4);
    expect(definitions(worker.requests)).toHaveLength(2);
    const [run1, run2] = runs(worker.requests);
    expect(run2?.runner).toBe(run1?.runner);
    expect(run2?.args[0]).toBe(run1?.args[0]);
    expect(typeof run2?.runner).toBe('number');
    await pool.close();
  });

  it('gives equal functions in different objects the same number', async () => {
    const { pool, workers, call } = setup();
    for (let i = 0; i < 3; i++) expect(result(await call((x: number) => x + 1, i))).toBe(i + 1);
    expect(definitions((workers[0] as InProcessWorker).requests)).toHaveLength(2);
    expect(result(await call((x: number) => x - 1, 5))).toBe(4);
    expect(definitions((workers[0] as InProcessWorker).requests)).toHaveLength(3);
    await pool.close();
  });

  it('sends the locations again to a worker that replaces a dead one', async () => {
    const { pool, workers, call } = setup();
    const double = (x: number): number => x * 2;
    expect(result(await call(double, 1))).toBe(2);
    const first = workers[0] as InProcessWorker;
    first.events.exit({ exitCode: 1, signal: null, outOfMemory: false }, undefined);
    expect(result(await call(double, 3))).toBe(6);
    expect(workers).toHaveLength(2);
    const second = workers[1] as InProcessWorker;
    expect(
      definitions(second.requests)
        .map((request) => request.ref)
        .sort(),
    ).toEqual(
      definitions(first.requests)
        .map((request) => request.ref)
        .sort(),
    );
    // Definitions travel before the run that needs them.
    expect(second.requests.map((request) => request.type)).toEqual(['define', 'define', 'run']);
    await pool.close();
  });

  it('keeps a bounded number of locations on a worker, however many distinct inline functions run, and defines a forgotten one again', async () => {
    const { pool, workers, call } = setup();
    // A new function, with its own source text, for every task (issue 9 h).
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- distinct source texts are the point
    const distinct = (index: number) => new Function('x', `return x + ${index};`) as (x: number) => number;
    const count = WORKER_LOCATION_CAPACITY + 44;
    for (let index = 0; index < count; index++)
      expect(result(await call(distinct(index), 1))).toBe(index + 1);
    const [worker] = workers as [InProcessWorker];
    const defines = definitions(worker.requests);
    const forgotten = defines.filter((request) => request.forget !== undefined).length;
    // What the worker holds: every location it was sent, less those it was told to forget.
    expect(defines.length - forgotten).toBe(WORKER_LOCATION_CAPACITY);
    expect(defines.length).toBe(count + 1);
    // The first function was forgotten long ago: it is defined again, and runs.
    expect(result(await call(distinct(0), 5))).toBe(5);
    expect(definitions(worker.requests).at(-1)).toMatchObject({ location: { kind: 'source' } });
    await pool.close();
  });
});

describe('bounded location tables', () => {
  it('LocationRefs keeps at most its capacity of keys, and never gives one number to two locations', () => {
    const refs = new LocationRefs(8);
    const numbers = new Map<number, string>();
    for (let index = 0; index < 100; index++) {
      const source = `(x) => x + ${index % 20}`;
      const ref = refs.refOf({ kind: 'source', source });
      expect(numbers.get(ref) ?? source).toBe(source);
      numbers.set(ref, source);
    }
    expect(refs.size).toBe(8);
  });

  it('DefinedLocations forgets the least recently used location, never one the task needs', () => {
    const held = new DefinedLocations(2);
    const at = (ref: number) => ({ kind: 'source', source: `() => ${ref}` }) as const;
    expect(held.defineFor([1, 2], [at(1), at(2)]).map((request) => [request.ref, request.forget])).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
    expect(held.defineFor([1], [at(1)])).toEqual([]);
    // 2 is now the least recently used.
    expect(held.defineFor([3], [at(3)]).map((request) => [request.ref, request.forget])).toEqual([[3, 2]]);
    // A task that needs 1, 3 and 4: neither 1 nor 3 may be forgotten for it.
    expect(held.defineFor([1, 3, 4], [at(1), at(3), at(4)]).map((request) => request.forget)).toEqual([
      undefined,
    ]);
    expect(held.size).toBe(3);
  });

  it("the worker's cache of resolved functions keeps at most RESOLVED_CAPACITY", () => {
    for (let index = 0; index < RESOLVED_CAPACITY + 50; index++) {
      void resolveTask({ kind: 'source', source: `() => 'bounded ${index}'` });
    }
    expect(resolvedCount()).toBe(RESOLVED_CAPACITY);
  });
});
