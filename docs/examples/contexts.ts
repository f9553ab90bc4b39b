import {
  Executor,
  InlineContext,
  ProcessContext,
  WorkerContext,
  submitCall,
  taskModule,
} from 'reactive-futures';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

// One worker-thread context shared by two executors: each borrows it, neither closes it.
const workers = new WorkerContext({ maxWorkers: 2 });
const first = new Executor({ context: workers });
const second = new Executor({ context: workers });
const [a, b] = [submitCall(first, tasks.square, 2), submitCall(second, tasks.square, 3)];
await Promise.all([a.settled(), b.settled()]);
console.log(`worker threads: ${a.result} ${b.result}`);
await Promise.all([first.shutdown(), second.shutdown()]);
await workers.close(); // the owner closes it

// Child processes: a crash or out-of-memory in a task cannot take the application down.
const processes = new ProcessContext({ maxWorkers: 1 });
const isolated = new Executor({ context: processes });
const c = submitCall(isolated, tasks.square, 4);
await c.settled();
console.log(`child process: ${c.result}`);
await isolated.shutdown();
await processes.close();

// The main thread itself: any function, closures included; for I/O-bound work and tests.
const inline = new Executor({ context: new InlineContext() });
const base = 10;
const d = submitCall(inline, async (n: number) => base + (await Promise.resolve(n)), 5);
await d.settled();
console.log(`inline: ${d.result}`);
await inline.shutdown();
