// Shared helpers of the benchmark scripts: interleaved repetitions, medians, ratios to the
// bare worker_threads baseline, event-loop delay, and a Markdown table.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Command-line flags shared by every scenario: `--quick` (fewer items, fewer repetitions). */
export function parseFlags(argv = process.argv.slice(2)) {
  const quick = argv.includes('--quick');
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  return { quick, only: only === undefined ? undefined : only.split(',') };
}

export function median(values) {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs each contender's `measure()` `repetitions` times, interleaved (contender order rotates
 * every repetition so none always runs first), after one untimed warm-up each.
 * A measurement returns an object of named numbers (e.g. `{ ms: 12 }`), or throws / returns
 * `{ error: '…' }` when the contender cannot do it; results hold every repetition.
 */
export async function interleave(contenders, repetitions, { warmup = true, log = true } = {}) {
  const samples = new Map(contenders.map((contender) => [contender.name, []]));
  const errors = new Map();
  const attempt = async (contender) => {
    if (errors.has(contender.name)) return undefined;
    try {
      if (process.env.BENCH_DEBUG) process.stderr.write(`> ${contender.name}\n`);
      const result = await contender.measure();
      if (result !== undefined && typeof result.error === 'string') {
        errors.set(contender.name, result.error);
        return undefined;
      }
      return result;
    } catch (error) {
      errors.set(contender.name, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  if (warmup)
    for (const contender of contenders) {
      if (log) process.stderr.write(`warm ${contender.name}\n`);
      await attempt(contender);
    }
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (let index = 0; index < contenders.length; index++) {
      const contender = contenders[(index + repetition) % contenders.length];
      const result = await attempt(contender);
      if (result !== undefined) samples.get(contender.name).push(result);
      await sleep(5); // let stray work (worker exits, GC) settle between measurements
    }
    if (log) process.stderr.write('.');
  }
  if (log) process.stderr.write('\n');
  return contenders.map((contender) => {
    const runs = samples.get(contender.name);
    const keys = runs.length > 0 ? Object.keys(runs[0]) : [];
    const medians = Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => run[key]))]));
    return {
      name: contender.name,
      note: contender.note,
      runs: runs.length,
      medians,
      error: errors.get(contender.name),
    };
  });
}

/** Main-thread event-loop delay while `body` runs: p99 and max, in ms. */
export async function withLoopDelay(body) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    const value = await body();
    histogram.disable();
    return { value, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

/**
 * Settles like `promise`, or rejects with `message` after `ms`. The timer is referenced, so a
 * peer that leaves nothing keeping the process alive still gets its chance to finish.
 */
export async function within(ms, promise, message) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function formatNumber(value, digits = 3) {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toPrecision(digits)}M`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e3).toPrecision(digits)}k`;
  return value.toPrecision(digits);
}

/**
 * A Markdown table of `results`: one row per contender, a column per metric, and the ratio
 * of `ratioOf` to the bare baseline's (`baseline` names it).
 */
export function table(results, { columns, ratioOf, baseline, higherIsBetter }) {
  const base = results.find((result) => result.name === baseline)?.medians[ratioOf];
  const header = [
    'contender',
    ...columns.map((column) => column.label),
    `ratio (${ratioOf}) to ${baseline}`,
    'runs',
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const result of results) {
    if (result.error !== undefined && result.runs === 0) {
      const why = result.error.split('\n')[0].replaceAll('|', '/');
      lines.push(`| ${result.name} | ${columns.map(() => '–').join(' | ')} | cannot: ${why} | 0 |`);
      continue;
    }
    const value = result.medians[ratioOf];
    const ratio = base === undefined || !Number.isFinite(value) ? Number.NaN : value / base;
    const cells = columns.map((column) => formatNumber(result.medians[column.key], column.digits ?? 3));
    const ratioText = Number.isFinite(ratio) ? `${ratio.toFixed(2)}×${higherIsBetter ? '' : ''}` : '–';
    const name = result.note === undefined ? result.name : `${result.name} (${result.note})`;
    lines.push(`| ${name} | ${cells.join(' | ')} | ${ratioText} | ${result.runs} |`);
  }
  return lines.join('\n');
}

/** Runs `main` when the file is run directly (not imported by the runner). */
export function isMain(importMetaUrl) {
  return process.argv[1] !== undefined && new URL(importMetaUrl).pathname === process.argv[1];
}
