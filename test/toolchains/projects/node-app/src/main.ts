import {
  Executor,
  ProcessContext,
  WorkerContext,
  submitCall,
  submitIteration,
  taskModule,
} from 'reactive-futures';

// The recipe: the compiled file's name; tsx and Node's type stripping load tasks.ts for it.
const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

const report: Record<string, unknown> = {};
for (const [name, context] of [
  ['worker', new WorkerContext()],
  ['process', new ProcessContext()],
] as const) {
  const executor = new Executor({ context });
  const futures = {
    module: submitCall(executor, tasks.square, 7),
    iteration: submitIteration(executor, tasks.countTo, 3),
    // A port cannot cross a child process's IPC channel: worker threads only.
    ...(name === 'worker' ? { movedPort: submitCall(executor, tasks.movedPort) } : {}),
    objectOfFunctions: submitCall(executor, () => ({ fn: () => 1 }).fn()),
    namedInner: submitCall(
      executor,
      (n: number) => {
        function inner(x: number): number {
          return x + 1;
        }
        return inner(n);
      },
      1,
    ),
  };
  for (const [key, future] of Object.entries(futures)) {
    await future.settled();
    report[`${name}.${key}`] =
      future.state !== 'completed'
        ? `${future.state}: ${String(future.exception?.message)}`
        : key === 'movedPort'
          ? (future.result as { worked: string }).worked
          : future.result;
  }
  await executor.shutdown();
}
console.log(JSON.stringify(report));
