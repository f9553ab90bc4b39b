// CPU profiles of reactive-futures in each benchmark scenario, summarized where the time goes.
// Usage: npm run build && node bench/profile.mjs [scenario…]   (default: every scenario)
// Each scenario runs in a child process under `--cpu-prof` (one profile per thread: the main
// thread and each worker); bench/profiles/<scenario>.md gets, per thread, the share of samples
// by kind (idle, garbage collection, native, our code, Node's own) and the functions with the
// most self time. Shares, not times: they hold on a busy machine too.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';

/** What each scenario does while profiled, on our contender only (see the scenario files). */
const SCENARIOS = {
  'round-trip': 'one noop at a time on one worker: 20,000 calls after 5,000 for warm-up',
  throughput: '20,000 noops submitted at once on two workers, five times',
  streaming: '1,000,000 small items from one iteration on one worker, twice',
  'cold-start': 'a new context and executor to the first result, twenty times',
  'forced-cancel': 'cancel({ force: true }) of a spinning task, then the next result, twenty times',
  transfer: 'one 16 MiB Float64Array moved to a worker and back, 2,000 times',
};

const here = fileURLToPath(new URL('.', import.meta.url));

if (process.argv[2] === '--drive') {
  await drive(process.argv[3]);
  process.exit(0);
}

const chosen = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SCENARIOS);
for (const name of chosen) {
  if (!(name in SCENARIOS))
    throw new Error(`Unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
  process.stderr.write(`profiling ${name}…\n`);
  const directory = await mkdtemp(join(tmpdir(), 'rf-profile-'));
  try {
    await runChild([
      '--cpu-prof',
      `--cpu-prof-dir=${directory}`,
      fileURLToPath(import.meta.url),
      '--drive',
      name,
    ]);
    const files = (await readdir(directory)).filter((file) => file.endsWith('.cpuprofile')).sort();
    const threads = [];
    for (const file of files)
      threads.push(summarize(JSON.parse(await readFile(join(directory, file), 'utf8'))));
    await writeFile(
      join(here, 'profiles', `${name}.md`),
      await format(report(name, threads), { parser: 'markdown' }),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`profiled run exited with ${code}`)),
    );
  });
}

/** Samples by kind and self time by function, in % of the thread's samples. */
function summarize(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const kinds = new Map();
  const functions = new Map();
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const kind = kindOf(functionName, url);
    kinds.set(kind, (kinds.get(kind) ?? 0) + time);
    if (kind === 'idle' || kind === 'garbage collection') continue;
    const where = url === '' ? '' : ` ${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + time);
  }
  const percent = (time) => (100 * time) / total;
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([key, time]) => [key, percent(time)]);
  return { seconds: total / 1e6, kinds: sorted(kinds), functions: sorted(functions).slice(0, 12) };
}

function kindOf(functionName, url) {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url.includes('/dist/')) return 'reactive-futures';
  if (url.startsWith('node:')) return "Node's JavaScript";
  if (url === '') return 'native (V8, libuv: postMessage, cloning, compiling)';
  return 'the benchmark';
}

function shortUrl(url) {
  return url.replace(/^.*\/dist\//, 'dist/').replace(/^file:\/\/.*\/bench\//, 'bench/');
}

function report(name, threads) {
  const lines = [
    `# Profile: ${name}`,
    '',
    `${SCENARIOS[name]}; reactive-futures only. Made by \`node bench/profile.mjs ${name}\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}.`,
    'Shares of each thread\'s samples (the main thread first, then the workers; a thread spends "idle" time waiting for messages).',
  ];
  threads.forEach((thread, index) => {
    lines.push(
      '',
      `## ${index === 0 ? 'Main thread' : `Thread ${index + 1} (a worker)`}, ${thread.seconds.toFixed(1)} s`,
      '',
    );
    lines.push('| kind | share |', '| --- | --- |');
    for (const [kind, share] of thread.kinds) lines.push(`| ${kind} | ${share.toFixed(1)} % |`);
    lines.push('', '| function (self time) | share |', '| --- | --- |');
    for (const [key, share] of thread.functions) lines.push(`| \`${key}\` | ${share.toFixed(1)} % |`);
  });
  return lines.join('\n') + '\n';
}

/** The profiled work of scenario `name` (runs in the child). */
async function drive(name) {
  const { Executor, WorkerContext, submitCall, submitIteration } = await import('reactive-futures');
  const { rfTasks, startReactiveFutures } = await import('./lib/peers.mjs');
  if (name === 'round-trip') {
    const pool = await startReactiveFutures(1);
    for (let i = 0; i < 25_000; i++) await pool.call('noop', i);
    await pool.close();
  } else if (name === 'throughput') {
    const pool = await startReactiveFutures(2);
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 20_000 }, (_, i) => pool.call('noop', i)));
    }
    await pool.close();
  } else if (name === 'streaming') {
    const context = new WorkerContext({ maxWorkers: 1 });
    const executor = new Executor({ context });
    for (let round = 0; round < 2; round++) {
      let count = 0;
      const future = submitIteration(executor, rfTasks.stream, 1_000_000);
      future.observe('resultEvent', () => count++);
      await future.settled();
      if (count !== 1_000_000) throw new Error(`${count} items`);
    }
    await executor.shutdown();
    await context.close();
  } else if (name === 'cold-start') {
    for (let round = 0; round < 20; round++) {
      const pool = await startReactiveFutures(1);
      await pool.call('noop', round);
      await pool.close();
    }
  } else if (name === 'forced-cancel') {
    const context = new WorkerContext({ maxWorkers: 1 });
    const executor = new Executor({ context });
    for (let round = 0; round < 20; round++) {
      const task = submitCall(executor, rfTasks.spinForever);
      await new Promise((resolve) => setTimeout(resolve, 30));
      task.cancel({ force: true });
      await submitCall(executor, rfTasks.noop, round).settled();
    }
    await executor.shutdown();
    await context.close();
  } else if (name === 'transfer') {
    const pool = await startReactiveFutures(1);
    let array = new Float64Array(2 * 1024 * 1024);
    for (let round = 0; round < 2_000; round++) array = await pool.call('echo', array, true);
    await pool.close();
  }
}
