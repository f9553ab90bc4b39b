// The page, the same for every bundler: only how the worker is made differs.
import {
  Executor,
  WorkerContext,
  submitCall,
  taskModule,
  type CallFuture,
  type CreateWebWorker,
} from 'reactive-futures/custom-worker';

const tasks = taskModule<typeof import('./tasks.js')>('app:tasks');

export function startApp(createWorker: CreateWebWorker): void {
  const executor = new Executor({ context: new WorkerContext({ createWorker }) });
  const message = document.querySelector('#message') as HTMLElement;
  const cancel = document.querySelector('#cancel') as HTMLButtonElement;
  let future: CallFuture<number> | undefined;
  const show = (): void => {
    if (future === undefined) return;
    const snapshot = future.getSnapshot();
    message.textContent =
      snapshot.state === 'completed'
        ? `The square of 12 is ${snapshot.result}`
        : snapshot.state === 'failed'
          ? `Failed: ${snapshot.exception.message}`
          : snapshot.state;
    cancel.disabled = !snapshot.cancellable;
  };
  const submit = (steps: number): void => {
    future = submitCall(executor, tasks.slowSquare, 12, steps);
    future.subscribe(show);
    show();
  };
  (document.querySelector('#calculate') as HTMLButtonElement).onclick = () => submit(1);
  (document.querySelector('#slow') as HTMLButtonElement).onclick = () => submit(1_000_000);
  cancel.onclick = () => future?.cancel();
}
