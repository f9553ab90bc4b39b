// No options at all: `new Executor()` from `reactive-futures` runs tasks in the library's own
// worker entry, which the bundler finds and ships. Built apart from the app (`vite build
// default-worker`), whose bundle must not contain that entry.
import { Executor, submitCall } from 'reactive-futures'

const message = document.querySelector('#message') as HTMLElement
const future = submitCall(new Executor(), (n: number) => n * n, 12)
future.subscribe(() => {
  const snapshot = future.getSnapshot()
  message.textContent =
    snapshot.state === 'completed'
      ? `The square of 12 is ${snapshot.result}`
      : snapshot.state === 'failed'
        ? `Failed: ${snapshot.exception.message}`
        : snapshot.state
})
