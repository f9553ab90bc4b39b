import { useState } from 'react'
import { Executor, WorkerContext, submitCall, taskModule, type CallFuture } from 'reactive-futures/custom-worker'
import { useExecutor, useFuture } from 'reactive-futures/react/custom-worker'

// The bundler recipe (docs/browser.md): types from tasks.ts, code from the app's own worker
// entry; `/custom-worker` keeps the library's own worker entry out of the bundle.
const tasks = taskModule<typeof import('./tasks.js')>('app:tasks')
const createExecutor = () =>
  new Executor({
    context: new WorkerContext({
      createWorker: () => new Worker(new URL('./tasks.worker.ts', import.meta.url), { type: 'module' }),
    }),
  })

function App() {
  const executor = useExecutor(createExecutor)
  const [future, setFuture] = useState<CallFuture<number>>()
  const snapshot = useFuture(future)

  let message = 'Press Calculate'
  if (snapshot?.state === 'completed') message = `The square of 12 is ${snapshot.result}`
  else if (snapshot?.state === 'failed') message = `Failed: ${snapshot.exception.message}`
  else if (snapshot !== undefined) message = snapshot.state
  return (
    <main>
      <button onClick={() => setFuture(submitCall(executor, tasks.slowSquare, 12, 1))}>Calculate</button>
      <button onClick={() => setFuture(submitCall(executor, tasks.slowSquare, 12, 1_000_000))}>Slow</button>
      <button disabled={snapshot === undefined || !snapshot.cancellable} onClick={() => future?.cancel()}>
        Cancel
      </button>
      <p id="message">{message}</p>
    </main>
  )
}

export default App
