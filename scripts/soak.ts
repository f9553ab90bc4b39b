/**
 * Soak test: pushes many tasks (default 1,000,000) through one executor, with random cancels,
 * failures and streamed items, and checks that memory and handles stay bounded.
 *
 * Not part of the default test run. Usage:
 *
 *     node --expose-gc --import ./scripts/typescript-loader.mjs scripts/soak.ts [--count 1000000]
 *       [--window 256] [--workers 2] [--context worker|process] [--seed 1]
 *
 * Every tenth of the run it prints throughput, RSS, heap after a full GC, and the active handle
 * count. It exits with code 1 if a future misbehaved (ended twice, wrong result, an item
 * after cancel(), unfinished after shutdown), if the heap after GC in the last tenth exceeds the
 * one after warm-up by more than 50% + 16 MiB, or if handles grow (the fewest of the last three
 * samples above the most of the first three, plus 2; or any handle left after shutdown beyond
 * those at start).
 */
import { parseArgs } from 'node:util';
import {
  Executor,
  ProcessContext,
  WorkerContext,
  submitCall,
  submitIteration,
  type BaseFuture,
  type IterationEvents,
  type ParallelContext,
} from 'reactive-futures';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    window: { type: 'string', default: '256' },
    workers: { type: 'string', default: '2' },
    context: { type: 'string', default: 'worker' },
    seed: { type: 'string', default: '1' },
  },
});
const COUNT = Number(values.count);
const WINDOW = Number(values.window);
const WORKERS = Number(values.workers);
const SAMPLES = 10;
const MIB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('Run with --expose-gc: the soak test measures the heap after a full garbage collection.');
  process.exit(2);
}

/** A small deterministic generator (mulberry32), so a run can be repeated with --seed. */
let seed = Number(values.seed) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// Inline functions: self-contained, sent to the workers as source text.
const double = (n: number): number => n * 2;
const fail = (n: number): never => {
  throw new RangeError(`planned failure ${n}`);
};
function* stream(n: number, items: number): Generator<number, number> {
  for (let index = 0; index < items; index++) yield n + index;
  return items;
}

interface Sample {
  readonly done: number;
  readonly seconds: number;
  readonly rate: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly handles: number;
}

const problems: string[] = [];
const counts = { completed: 0, failed: 0, cancelled: 0, items: 0 };
let submitted = 0;
let finished = 0;
let inFlight = 0;
let peakRss = 0;
let peakHeap = 0;

function handleCount(): number {
  return process.getActiveResourcesInfo().filter((name) => name !== 'TTYWrap').length;
}

function measure(): { rss: number; heap: number } {
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

const handlesAtStart = handleCount();
const context: ParallelContext =
  values.context === 'process'
    ? new ProcessContext({ maxWorkers: WORKERS })
    : new WorkerContext({ maxWorkers: WORKERS });
const executor = new Executor({ context });
const started = performance.now();
const samples: Sample[] = [];
let nextSampleAt = COUNT / SAMPLES;
let resolveAll: () => void = () => undefined;
const allDone = new Promise<void>((resolve) => (resolveAll = resolve));

function watch(
  future: BaseFuture<unknown, Partial<IterationEvents<number>>>,
  n: number,
  expected: unknown,
  expectedItems: number,
): void {
  let doneCount = 0;
  let items = 0;
  let cancelled = false;
  future.observe('state', (event) => {
    if (event.new === 'cancelling') cancelled = true;
  });
  if (expectedItems > 0) {
    future.observe('resultEvent', (event) => {
      if (cancelled) problems.push(`task ${n}: an item after cancel()`);
      if (event.new !== n + items) problems.push(`task ${n}: item ${String(event.new)} out of order`);
      items++;
    });
  }
  future.observe('done', () => {
    doneCount++;
    if (doneCount > 1) problems.push(`task ${n}: done fired twice`);
    counts.items += items;
    if (future.state === 'completed') {
      counts.completed++;
      if (future.result !== expected) problems.push(`task ${n}: result ${String(future.result)}`);
      if (items !== expectedItems) problems.push(`task ${n}: ${items} items, expected ${expectedItems}`);
    } else if (future.state === 'failed') {
      counts.failed++;
      if (expected !== 'fail') problems.push(`task ${n}: failed with ${future.exception.message}`);
    } else {
      counts.cancelled++;
    }
    inFlight--;
    finished++;
    if (finished >= nextSampleAt) sample();
    if (finished === COUNT) resolveAll();
    else pump();
  });
}

let pumping = false;
function pump(): void {
  if (pumping) return;
  pumping = true;
  // Submit from a later turn: never from inside a future's event handler recursion.
  setImmediate(() => {
    pumping = false;
    while (inFlight < WINDOW && submitted < COUNT) submitOne();
  });
}

function submitOne(): void {
  const n = submitted++;
  inFlight++;
  const roll = random();
  let future: BaseFuture;
  if (roll < 0.55) {
    future = submitCall(executor, double, n);
    watch(future, n, n * 2, 0);
  } else if (roll < 0.65) {
    future = submitCall(executor, fail, n);
    watch(future, n, 'fail', 0);
  } else {
    const items = Math.floor(random() * 9);
    future = submitIteration(executor, stream, n, items);
    watch(future, n, items, items);
  }
  const cancelRoll = random();
  if (cancelRoll < 0.05) {
    future.cancel(); // while waiting
  } else if (cancelRoll < 0.1) {
    const stop = future.observe('state', (event) => {
      if (event.new === 'executing') {
        stop();
        future.cancel(); // while running
      }
    });
  }
}

function sample(): void {
  const { rss, heap } = measure();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heap);
  const seconds = (performance.now() - started) / 1000;
  const entry: Sample = {
    done: finished,
    seconds,
    rate: finished / seconds,
    rssMiB: rss / MIB,
    heapMiB: heap / MIB,
    handles: handleCount(),
  };
  samples.push(entry);
  nextSampleAt += COUNT / SAMPLES;
  console.log(
    `${String(entry.done).padStart(8)} done  ${entry.seconds.toFixed(1).padStart(6)} s  ` +
      `${Math.round(entry.rate).toString().padStart(6)} tasks/s  rss ${entry.rssMiB.toFixed(1)} MiB  ` +
      `heap after GC ${entry.heapMiB.toFixed(1)} MiB  handles ${entry.handles}  in flight ${inFlight}`,
  );
}

const peakTimer = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
}, 250);

console.log(
  `soak: ${COUNT} tasks, window ${WINDOW}, ${WORKERS} ${values.context} workers, seed ${values.seed}`,
);
pump();
await allDone;
await executor.shutdown({ timeout: 30_000 });
await context.close();
clearInterval(peakTimer);
const total = (performance.now() - started) / 1000;
const final = measure();
const handlesAfter = handleCount();

const warm = samples[1] ?? samples[0];
const last = samples.at(-1);
if (warm !== undefined && last !== undefined) {
  if (last.heapMiB > warm.heapMiB * 1.5 + 16) {
    problems.push(`heap grew from ${warm.heapMiB.toFixed(1)} MiB to ${last.heapMiB.toFixed(1)} MiB`);
  }
  // Timers and immediates come and go: allow a little slack over the warm-up's busiest sample.
  const warmHandles = Math.max(...samples.slice(0, 3).map((entry) => entry.handles));
  const lateHandles = Math.min(...samples.slice(-3).map((entry) => entry.handles));
  if (lateHandles > warmHandles + 2) problems.push(`handles grew from ${warmHandles} to ${lateHandles}`);
}
if (handlesAfter > handlesAtStart) {
  problems.push(
    `${handlesAfter - handlesAtStart} handles left after shutdown: ${process.getActiveResourcesInfo().join(', ')}`,
  );
}
if (counts.completed + counts.failed + counts.cancelled !== COUNT) {
  problems.push(`${COUNT - counts.completed - counts.failed - counts.cancelled} futures unfinished`);
}

console.log(
  `\nsoak finished: ${COUNT} tasks in ${total.toFixed(1)} s (${Math.round(COUNT / total)} tasks/s)\n` +
    `  completed ${counts.completed}, failed ${counts.failed}, cancelled ${counts.cancelled}, items streamed ${counts.items}\n` +
    `  peak RSS ${(peakRss / MIB).toFixed(1)} MiB, peak heap ${(peakHeap / MIB).toFixed(1)} MiB, ` +
    `final heap after GC ${(final.heap / MIB).toFixed(1)} MiB\n` +
    `  handles at start ${handlesAtStart}, after shutdown ${handlesAfter}`,
);
if (problems.length > 0) {
  console.error(`\nsoak FAILED (${problems.length} problems):\n  ${problems.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
console.log('soak passed');
