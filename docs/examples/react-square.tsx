import { useState, type ReactElement } from 'react';
import { Executor, submitCall, taskModule, type CallFuture } from 'reactive-futures';
import { useExecutor, useFuture } from 'reactive-futures/react';

const tasks = taskModule<typeof import('./tasks.js')>(new URL('./tasks.js', import.meta.url));

/** The Python guide's quick start: square a number in a worker, keep the UI responsive. */
export function SquareCalculator({ input }: { readonly input: number }): ReactElement {
  const executor = useExecutor(() => new Executor()); // shut down when the component unmounts
  const [job, setJob] = useState<{ input: number; future: CallFuture<number> }>();
  const snapshot = useFuture(job?.future); // re-renders on each change of the future

  let message = 'Press Calculate';
  if (job !== undefined && snapshot !== undefined) {
    if (snapshot.state === 'completed') message = `The square of ${job.input} is ${snapshot.result}`;
    else if (snapshot.state === 'failed') message = `Failed: ${snapshot.exception.message}`;
    else message = `Calculating square of ${job.input} ...`;
  }
  return (
    <div>
      <button
        disabled={snapshot !== undefined && !snapshot.done}
        onClick={() => setJob({ input, future: submitCall(executor, tasks.square, input) })}
      >
        Calculate
      </button>
      <p>{message}</p>
    </div>
  );
}
