// main.ts: npx tsx main.ts (or node main.ts on Node 22.18+, or tsc and node main.js).
import { Executor, submitIteration, taskModule } from 'reactive-futures';

// Name the file tsc emits: tsx and Node's type stripping load tasks.ts for it.
const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const executor = new Executor(); // worker threads in Node, Web Workers in browsers
const future = submitIteration(executor, tasks.primesBelow, 20); // IterationFuture<number, string>
future.observe('resultEvent', (event) => console.log('found', event.new)); // on this thread, in order
future.observe('state', (event) => console.log(event.old, '→', event.new));

await future.settled(); // also: future.cancel(), and the generator stops at its next item
console.log(future.result);
await executor.shutdown();
