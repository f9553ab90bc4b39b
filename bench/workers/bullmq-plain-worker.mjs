// A plain BullMQ worker process for the distributed benchmark: the baseline of what BullMQ
// alone does. Usage: node bullmq-plain-worker.mjs <redis-url> <queue> <concurrency>
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const [url, queue, concurrency] = process.argv.slice(2);
const connection = new Redis(url, { maxRetriesPerRequest: null });
const worker = new Worker(
  queue,
  async (job) => {
    if (job.name === 'noop') return job.data;
    if (job.name === 'stream') {
      // Items travel as progress events, `batch` items per event (the fastest plain BullMQ way).
      const { count, batch, pipelined } = job.data;
      let inFlight = [];
      for (let start = 0; start < count; start += batch) {
        const items = [];
        for (let i = start; i < Math.min(count, start + batch); i++) items.push(i);
        // Pipelined: up to 1,000 updates in flight at once instead of one at a time.
        if (pipelined) {
          inFlight.push(job.updateProgress(items));
          if (inFlight.length === 1000) {
            await Promise.all(inFlight);
            inFlight = [];
          }
        } else {
          await job.updateProgress(items);
        }
      }
      await Promise.all(inFlight);
      return count;
    }
    throw new Error(`unknown job ${job.name}`);
  },
  { connection, concurrency: Number(concurrency), prefix: 'plain' },
);
await worker.waitUntilReady();
console.log('ready');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
