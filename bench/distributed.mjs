// The distributed context against plain BullMQ on the same Redis (a redis-server started here,
// loopback, no persistence): round trip, throughput of trivial tasks, streamed items with the
// main loop's delay, items lost across a 3 s stall of the main process, and cancel latency.
// Runners and the plain BullMQ worker are child processes.
// Usage: npm run build && node bench/distributed.mjs [--quick]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Executor, submitCall, submitIteration, taskModule } from 'reactive-futures';
import { BullMQContext } from 'reactive-futures/bullmq';
import { formatNumber, interleave, isMain, now, parseFlags, withLoopDelay } from './lib/harness.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const tasks = taskModule(new URL('./workers/rf-tasks.mjs', import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startChild(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const onData = (chunk) => {
      output += chunk.toString();
      if (/ready|Ready to accept/.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

export async function run({ quick = false } = {}) {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const children = [];
  children.push(
    await startChild('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]),
  );
  const queue = 'bench';
  children.push(
    await startChild(process.execPath, [
      `${ROOT}dist/contexts/bullmq/runner-cli.js`,
      '--redis',
      url,
      '--queue',
      queue,
      '--root',
      ROOT,
      '--concurrency',
      '4',
      '--name',
      'bench-runner',
    ]),
  );
  children.push(
    await startChild(process.execPath, [`${ROOT}bench/workers/bullmq-plain-worker.mjs`, url, queue, '4']),
  );
  const context = new BullMQContext({ connection: url, queue, moduleRoot: ROOT });
  const executor = new Executor({ context });
  const connection = { host: '127.0.0.1', port };
  const plainQueue = new Queue(queue, { connection, prefix: 'plain' });
  const events = new QueueEvents(queue, { connection, prefix: 'plain' });
  await events.waitUntilReady();
  const repetitions = quick ? 3 : 5;
  const sections = [];
  try {
    // Round trip: one trivial task at a time.
    const sequential = quick ? 200 : 1000;
    const roundTrip = await interleave(
      [
        {
          name: 'plain BullMQ (Queue.add + waitUntilFinished)',
          async measure() {
            const begin = now();
            for (let i = 0; i < sequential; i++)
              await (
                await plainQueue.add('noop', i, { removeOnComplete: { count: 100 } })
              ).waitUntilFinished(events);
            return { ms: (now() - begin) / sequential };
          },
        },
        {
          name: 'reactive-futures BullMQContext',
          async measure() {
            const begin = now();
            for (let i = 0; i < sequential; i++) await submitCall(executor, tasks.noop, i).settled();
            return { ms: (now() - begin) / sequential };
          },
        },
      ],
      repetitions,
    );
    // Throughput: many trivial tasks at once (4 at a time on the worker/runner).
    const burst = quick ? 1000 : 5000;
    const throughput = await interleave(
      [
        {
          name: 'plain BullMQ (Queue.add + QueueEvents completed)',
          async measure() {
            const begin = now();
            const ids = new Set();
            const done = new Promise((resolve) => {
              const onCompleted = ({ jobId }) => {
                if (ids.delete(jobId) && ids.size === 0 && added) {
                  events.off('completed', onCompleted);
                  resolve();
                }
              };
              events.on('completed', onCompleted);
            });
            let added = false;
            const jobs = await Promise.all(
              Array.from({ length: burst }, (_, i) => plainQueue.add('noop', i, { removeOnComplete: true })),
            );
            for (const job of jobs) ids.add(job.id);
            added = true;
            // Jobs may all have completed before the ids were recorded.
            const remaining = await Promise.all(jobs.map((job) => plainQueue.getJobState(job.id)));
            jobs.forEach((job, index) => {
              if (remaining[index] === 'unknown' || remaining[index] === 'completed') ids.delete(job.id);
            });
            if (ids.size > 0) await done;
            return { tasksPerSecond: burst / ((now() - begin) / 1000) };
          },
        },
        {
          name: 'reactive-futures BullMQContext',
          async measure() {
            const begin = now();
            await Promise.all(
              Array.from({ length: burst }, (_, i) => submitCall(executor, tasks.noop, i).settled()),
            );
            return { tasksPerSecond: burst / ((now() - begin) / 1000) };
          },
        },
      ],
      repetitions,
    );
    // Streaming: items per second, and the main loop's delay meanwhile.
    const items = quick ? 200_000 : 1_000_000;
    const streaming = await interleave(
      [
        {
          name: 'plain BullMQ (updateProgress, 1,000 items per event)',
          async measure() {
            let received = 0;
            const job = await plainQueue.add(
              'stream',
              { count: items, batch: 1000 },
              { removeOnComplete: true },
            );
            // Each item handed to a callback, as the futures do (one 'resultEvent' per item).
            const onItem = () => received++;
            const onProgress = ({ jobId, data }) => {
              if (jobId === job.id) for (const item of data) onItem(item);
            };
            events.on('progress', onProgress);
            const { value, p99 } = await withLoopDelay(async () => {
              const begin = now();
              await job.waitUntilFinished(events);
              return now() - begin;
            });
            events.off('progress', onProgress);
            return { itemsPerSecond: items / (value / 1000), p99, lost: items - received };
          },
        },
        {
          name: 'reactive-futures BullMQContext (iteration)',
          async measure() {
            let received = 0;
            const future = submitIteration(executor, tasks.stream, items);
            future.observe('resultEvent', () => received++);
            const { value, p99 } = await withLoopDelay(async () => {
              const begin = now();
              await future.settled();
              return now() - begin;
            });
            return { itemsPerSecond: items / (value / 1000), p99, lost: items - received };
          },
        },
      ],
      repetitions,
    );
    // A 3 s stall of the main process while 100,000 items stream.
    const stallItems = 100_000;
    const stall = (ms) => {
      const end = now() + ms;
      while (now() < end);
    };
    const stalled = await interleave(
      [
        {
          name: 'plain BullMQ (updateProgress, 1 item per event, pipelined)',
          async measure() {
            let received = 0;
            const job = await plainQueue.add(
              'stream',
              { count: stallItems, batch: 1 },
              { removeOnComplete: true },
            );
            const first = new Promise((resolve) => events.once('progress', resolve));
            const onProgress = ({ jobId, data }) => {
              if (jobId === job.id) received += data.length;
            };
            events.on('progress', onProgress);
            await first;
            stall(3000);
            await job.waitUntilFinished(events);
            // Events still in flight after the job finished.
            await new Promise((resolve) => setTimeout(resolve, 500));
            events.off('progress', onProgress);
            return { lost: stallItems - received };
          },
        },
        {
          name: 'reactive-futures BullMQContext',
          async measure() {
            let received = 0;
            const future = submitIteration(executor, tasks.stream, stallItems);
            const first = new Promise((resolve) => future.observe('resultEvent', resolve));
            future.observe('resultEvent', () => received++);
            await first;
            stall(3000);
            await future.settled();
            return { lost: stallItems - received };
          },
        },
      ],
      1,
      { warmup: false },
    );
    // Cancel latency: a running synchronous loop (one at a time, so that spinning threads do
    // not starve the machine), and a queued task (on a queue no runner serves).
    const cancels = quick ? 10 : 30;
    const running = [];
    const queued = [];
    const idleContext = new BullMQContext({ connection: url, queue: 'bench-idle', moduleRoot: ROOT });
    const idleExecutor = new Executor({ context: idleContext });
    const idleQueue = new Queue('bench-idle', { connection, prefix: 'rf' });
    try {
      for (let i = 0; i < cancels; i++) {
        const spinner = submitCall(executor, tasks.spinUntilCancelled);
        await new Promise((resolve) => {
          if (spinner.state === 'executing') resolve();
          else spinner.observe('state', (event) => event.new === 'executing' && resolve());
        });
        let begin = now();
        spinner.cancel();
        await spinner.settled();
        running.push(now() - begin);

        const waiting = submitCall(idleExecutor, tasks.noop, 1);
        while ((await idleQueue.getWaitingCount()) === 0);
        begin = now();
        waiting.cancel();
        await waiting.settled();
        queued.push(now() - begin);
      }
    } finally {
      await idleExecutor.shutdown();
      await idleContext.close();
      await idleQueue.close();
    }

    const table = (title, rows, columns) =>
      [
        `#### ${title}`,
        '',
        `| contender | ${columns.map(([, label]) => label).join(' | ')} | runs |`,
        `| --- | ${columns.map(() => '---').join(' | ')} | --- |`,
        ...rows.map(
          (row) =>
            `| ${row.name} | ${columns.map(([key]) => (row.runs === 0 ? `cannot: ${row.error}` : formatNumber(row.medians[key]))).join(' | ')} | ${row.runs} |`,
        ),
      ].join('\n');
    sections.push(
      table('Round trip (one trivial task at a time)', roundTrip, [['ms', 'ms per task (median)']]),
    );
    sections.push(
      table(`Throughput (${burst} trivial tasks at once, 4 at a time)`, throughput, [
        ['tasksPerSecond', 'tasks/s'],
      ]),
    );
    sections.push(
      table(`Streaming ${items} items`, streaming, [
        ['itemsPerSecond', 'items/s'],
        ['p99', 'main-loop delay p99 (ms)'],
        ['lost', 'items lost'],
      ]),
    );
    sections.push(
      table(`Items lost across a 3 s stall of the main process (${stallItems} items)`, stalled, [
        ['lost', 'items lost'],
      ]),
    );
    sections.push(
      [
        '#### Cancel latency (reactive-futures; plain BullMQ has no remote cancel)',
        '',
        '| what | median (ms) | max (ms) | runs |',
        '| --- | --- | --- | --- |',
        `| running synchronous loop: cancel() → cancelled | ${formatNumber(median(running))} | ${formatNumber(Math.max(...running))} | ${running.length} |`,
        `| queued task: cancel() → cancelled | ${formatNumber(median(queued))} | ${formatNumber(Math.max(...queued))} | ${queued.length} |`,
      ].join('\n'),
    );
  } finally {
    await executor.shutdown();
    await context.close();
    await events.close();
    await plainQueue.close();
    for (const child of children.reverse()) child.kill('SIGKILL');
  }
  return {
    title: 'Distributed: BullMQContext against plain BullMQ (one loopback Redis)',
    markdown: sections.join('\n\n'),
  };
}

if (isMain(import.meta.url)) {
  console.log((await run(parseFlags())).markdown);
  process.exit(0);
}
