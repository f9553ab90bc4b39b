/**
 * The browser benchmark (run by test/browser/benchmark.test.ts): round trip and streamed
 * items per second for Web Workers, reactive-futures against bare `postMessage`, in one page,
 * interleaved. The numbers go to `window.benchResults`; docs/performance.md quotes them.
 */
import { Executor, WorkerContext, submitCall, submitIteration, taskModule } from '../../../src/browser.js';

declare global {
  interface Window {
    benchResults?: BenchResults | { error: string };
  }
}

/** Medians of one contender. */
export interface ContenderResult {
  /** Microseconds per sequential round trip. */
  readonly roundTripMicroseconds: number;
  /** Items per second of a stream, each item checked in order. */
  readonly itemsPerSecond: number;
}

/** What the page reports. */
export interface BenchResults {
  readonly isolated: boolean;
  readonly roundTrips: number;
  readonly items: Record<string, number>;
  readonly contenders: Record<string, ContenderResult>;
}

const tasks = taskModule<typeof import('./bench-tasks.js')>(new URL('./bench-tasks.ts', import.meta.url));
const ROUND_TRIPS = 1_000;
const ITEMS = 200_000;
/** One `postMessage` per item is slow: the bare one-message-per-item contender streams fewer. */
const ITEMS_ONE_MESSAGE_EACH = 20_000;
const REPETITIONS = 3;

/** A contender: one started worker (or pool of one) that does both measurements. */
interface Contender {
  /** How many items to stream. */
  readonly items: number;
  roundTrip(value: number): Promise<number>;
  /** Streams `count` items, calling `onItem` for each in order; resolves at the end. */
  stream(count: number, onItem: (item: number) => void): Promise<void>;
  close(): Promise<void>;
}

function startBare(batch: number): Contender {
  const worker = new Worker(new URL('./bench-bare-worker.ts', import.meta.url), { type: 'module' });
  let onMessage: (data: unknown) => void = () => undefined;
  worker.onmessage = (event: MessageEvent) => onMessage(event.data);
  return {
    items: batch === 1 ? ITEMS_ONE_MESSAGE_EACH : ITEMS,
    roundTrip: (value) =>
      new Promise((resolve) => {
        onMessage = (data) => resolve(data as number);
        worker.postMessage({ kind: 'noop', value });
      }),
    stream: (count, onItem) =>
      new Promise((resolve) => {
        onMessage = (data) => {
          if (data === 'end') resolve();
          else if (Array.isArray(data)) for (const item of data as number[]) onItem(item);
          else onItem(data as number);
        };
        worker.postMessage({ kind: 'stream', value: count, batch });
      }),
    close: () => {
      worker.terminate();
      return Promise.resolve();
    },
  };
}

function startReactiveFutures(): Contender {
  const context = new WorkerContext({ maxWorkers: 1 });
  const executor = new Executor({ context });
  return {
    items: ITEMS,
    async roundTrip(value) {
      const future = await submitCall(executor, tasks.noop, value).settled();
      if (future.state !== 'completed') throw new Error(`round trip ${future.state}`);
      return future.result;
    },
    async stream(count, onItem) {
      const future = submitIteration(executor, tasks.stream, count);
      future.observe('resultEvent', (event) => onItem(event.new));
      await future.settled();
      if (future.state !== 'completed') throw new Error(`stream ${future.state}`);
    },
    async close() {
      await executor.shutdown();
      await context.close();
    },
  };
}

async function measure(contender: Contender): Promise<ContenderResult> {
  for (let index = 0; index < 200; index++) await contender.roundTrip(index);
  let begin = performance.now();
  for (let index = 0; index < ROUND_TRIPS; index++) {
    if ((await contender.roundTrip(index)) !== index) throw new Error('wrong round-trip answer');
  }
  const roundTripMicroseconds = ((performance.now() - begin) / ROUND_TRIPS) * 1000;
  let expected = 0;
  const check = (item: number): void => {
    if (item !== expected) throw new Error(`item ${item} arrived where ${expected} was expected`);
    expected += 1;
  };
  await contender.stream(1_000, check);
  expected = 0;
  begin = performance.now();
  await contender.stream(contender.items, check);
  const itemsPerSecond = (contender.items / (performance.now() - begin)) * 1000;
  if (expected !== contender.items) throw new Error(`${expected} of ${contender.items} items arrived`);
  return { roundTripMicroseconds, itemsPerSecond };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
}

async function run(): Promise<BenchResults> {
  const starters: Record<string, () => Contender> = {
    'bare postMessage': () => startBare(1),
    'bare postMessage, batches of 1,000': () => startBare(1000),
    'reactive-futures': startReactiveFutures,
  };
  const items: Record<string, number> = {};
  const samples = new Map<string, ContenderResult[]>(Object.keys(starters).map((name) => [name, []]));
  const names = Object.keys(starters);
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + repetition) % names.length] as string;
      const contender = (starters[name] as () => Contender)();
      items[name] = contender.items;
      try {
        samples.get(name)?.push(await measure(contender));
      } finally {
        await contender.close();
      }
    }
  }
  const contenders = Object.fromEntries(
    [...samples].map(([name, runs]) => [
      name,
      {
        roundTripMicroseconds: median(runs.map((each) => each.roundTripMicroseconds)),
        itemsPerSecond: median(runs.map((each) => each.itemsPerSecond)),
      },
    ]),
  );
  return { isolated: crossOriginIsolated, roundTrips: ROUND_TRIPS, items, contenders };
}

run().then(
  (results) => {
    window.benchResults = results;
  },
  (error: unknown) => {
    window.benchResults = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  },
);
