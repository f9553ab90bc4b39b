// Scenario 7: scaling with the pool size. CPU-bound tasks (2 ms of spinning each) and trivial
// tasks, all in flight, on pools of 1, 2, 4, … up to the machine's cores; efficiency is the
// throughput measured over the ideal one:
// - CPU-bound: `workers × 1000 / 2` tasks/s (every worker busy all the time, no overhead);
// - trivial: `workers ×` the same contender's throughput with one worker (linear scaling).
// Runs as is on any machine: `node bench/run.mjs --only=scaling`.
import { availableParallelism } from 'node:os';
import { formatNumber, interleave, isMain, now, parseFlags, within } from './lib/harness.mjs';
import { peers, startBare, startReactiveFutures } from './lib/peers.mjs';

const SPIN_MS = 2;

/** 1, 2, 4, … and the machine's core count itself. */
export function poolSizes(cores = availableParallelism()) {
  const sizes = [];
  for (let size = 1; size < cores; size *= 2) sizes.push(size);
  sizes.push(cores);
  return sizes;
}

/** Tasks per second for `count` calls of `name(value)` submitted at once on a started pool. */
async function throughput(pool, name, value, count) {
  await Promise.all(Array.from({ length: Math.min(count, 200) }, () => pool.call(name, value)));
  const start = now();
  const calls = new Array(count);
  for (let i = 0; i < count; i++) calls[i] = pool.call(name, value);
  await Promise.all(calls);
  return (count / (now() - start)) * 1000;
}

const STARTERS = {
  'bare worker_threads': startBare,
  'reactive-futures': startReactiveFutures,
  ...peers,
};

export async function run({ quick = false } = {}) {
  const sizes = poolSizes();
  const repetitions = quick ? 1 : 3;
  /** tasks/s by contender, workload and pool size */
  const measured = new Map(
    Object.keys(STARTERS).map((name) => [name, { cpu: new Map(), trivial: new Map() }]),
  );
  const errors = new Map();
  for (const size of sizes) {
    process.stderr.write(`pool size ${size}\n`);
    // CPU-bound: 100 tasks of 2 ms per worker (≈ 200 ms of work per measurement).
    const cpuTasks = 100 * size;
    const trivialTasks = quick ? 5_000 : 20_000;
    const contenders = Object.entries(STARTERS).map(([name, start]) => ({
      name,
      async measure() {
        const pool = await start(size);
        try {
          return await within(
            60_000,
            (async () => ({
              cpu: await throughput(pool, 'spinFor', SPIN_MS, cpuTasks),
              trivial: await throughput(pool, 'noop', 1, trivialTasks),
            }))(),
            `did not finish within 60 s on ${size} workers`,
          );
        } finally {
          await within(5_000, pool.close(), 'close hung').catch(() => undefined);
        }
      },
    }));
    for (const result of await interleave(contenders, repetitions, { warmup: false })) {
      if (result.runs === 0) {
        errors.set(result.name, result.error);
        continue;
      }
      measured.get(result.name).cpu.set(size, result.medians.cpu);
      measured.get(result.name).trivial.set(size, result.medians.trivial);
    }
  }
  const header = ['contender', ...sizes.map((size) => `${size} worker${size === 1 ? '' : 's'}`)];
  const separator = header.map(() => '---');
  const cell = (tasksPerSecond, ideal) =>
    tasksPerSecond === undefined
      ? '–'
      : `${formatNumber(tasksPerSecond)}/s (${Math.round((tasksPerSecond / ideal) * 100)} %)`;
  const cpuRows = [...measured].map(([name, { cpu }]) =>
    [name, ...sizes.map((size) => cell(cpu.get(size), (size * 1000) / SPIN_MS))].join(' | '),
  );
  const trivialRows = [...measured].map(([name, { trivial }]) =>
    [name, ...sizes.map((size) => cell(trivial.get(size), size * (trivial.get(1) ?? Number.NaN)))].join(
      ' | ',
    ),
  );
  const why = [...errors].map(([name, error]) => `- ${name}: cannot: ${String(error).split('\n')[0]}`);
  const markdown = [
    `CPU-bound tasks (${SPIN_MS} ms each, ${100} per worker), tasks/s and efficiency (over \`workers × ${1000 / SPIN_MS}\`/s):`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${separator.join(' | ')} |`,
    ...cpuRows.map((row) => `| ${row} |`),
    '',
    'Trivial tasks, all in flight, tasks/s and efficiency (over `workers ×` the same contender on 1 worker):',
    '',
    `| ${header.join(' | ')} |`,
    `| ${separator.join(' | ')} |`,
    ...trivialRows.map((row) => `| ${row} |`),
    ...(why.length > 0 ? ['', ...why] : []),
  ].join('\n');
  return { title: `Scaling from 1 to ${sizes.at(-1)} workers`, markdown };
}

if (isMain(import.meta.url)) console.log((await run(parseFlags())).markdown);
