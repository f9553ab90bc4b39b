/**
 * The terminal demo (`npm start`): several kinds of background work progress at once while
 * the main thread stays free to draw them. Prime counting reports progress; a second, larger
 * count is cancelled midway; an endless π iteration streams estimates until told to stop; a
 * custom Fizz-Buzz task sends its own messages; a few unreliable slow squares succeed or fail.
 * On a terminal the bars are redrawn in place; piped, it prints plain log lines.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/demo.ts [--scale=1] [--plain]
 *   --scale=x  multiply the amount of work (e.g. 0.1 for a quick run)
 *   --plain    log lines even on a terminal
 */
import { parseArgs } from 'node:util';
import {
  Executor,
  submitCall,
  submitIteration,
  submitProgress,
  taskModule,
  type BaseFuture,
} from 'reactive-futures';
import { createRenderer, type TaskLine } from './demo/progress-renderer.js';
import { FIZZ_BUZZ_MESSAGES, submitFizzBuzz } from './tasks/fizz-buzz-task.js';

const primes = taskModule<typeof import('./tasks/primes.js')>(new URL('./tasks/primes.js', import.meta.url));
const pi = taskModule<typeof import('./tasks/pi.js')>(new URL('./tasks/pi.js', import.meta.url));
const squares = taskModule<typeof import('./tasks/slow-square.js')>(
  new URL('./tasks/slow-square.js', import.meta.url),
);

const { values } = parseArgs({ options: { scale: { type: 'string' }, plain: { type: 'boolean' } } });
const scale = Number(values.scale ?? 1);
const tty = process.stdout.isTTY && values.plain !== true;
const renderer = createRenderer({
  mode: tty ? 'tty' : 'plain',
  write: (text) => process.stdout.write(text),
  columns: process.stdout.columns,
  labelWidth: 14,
});

/** What each task line shows besides its state, computed from the future's latest snapshot. */
type Describe<TSnapshot> = (snapshot: TSnapshot) => Omit<TaskLine, 'label' | 'state'>;

const tracked: { label: string; future: BaseFuture; line: () => TaskLine }[] = [];

/** Shows `future` as one line, redrawn from its snapshot on every change (the store contract). */
function track<TFuture extends BaseFuture>(
  label: string,
  future: TFuture,
  describe: Describe<ReturnType<TFuture['getSnapshot']>>,
): TFuture {
  const line = (): TaskLine => {
    const snapshot = future.getSnapshot() as ReturnType<TFuture['getSnapshot']>;
    return { label, state: snapshot.state, ...describe(snapshot) };
  };
  future.subscribe(() => renderer.update(label, line()));
  renderer.update(label, line());
  tracked.push({ label, future, line });
  return future;
}

// Four workers for five kinds of work: the slow squares wait their turn in the queue.
const executor = new Executor({ maxWorkers: 4 });
const started = performance.now();
// Ctrl-C cancels everything and still ends with the summary (and the cursor shown again).
const interrupt = (): void => {
  renderer.log('Interrupted: cancelling every task');
  void executor.shutdown();
};
process.once('SIGINT', interrupt);
try {
  const small = Math.round(2_000_000 * scale);
  track(
    'primes (small)',
    submitProgress(executor, primes.countPrimesLessThan, small, Math.ceil(small / 20)),
    (s) => ({
      fraction: s.progress === undefined ? 0 : s.progress[0] / s.progress[1],
      detail:
        s.state === 'completed' ? `${s.result} primes < ${small}` : `${s.progress?.[2] ?? 0} primes so far`,
    }),
  );

  const large = Math.round(6_000_000 * scale);
  const doomed = track(
    'primes (large)',
    submitProgress(executor, primes.countPrimesLessThan, large, Math.ceil(large / 50)),
    (s) => ({
      fraction: s.progress === undefined ? 0 : s.progress[0] / s.progress[1],
      detail:
        s.state === 'cancelled' && s.progress !== undefined
          ? `cancelled after ${s.progress[0]} of ${s.progress[1]} chunks`
          : `${s.progress?.[2] ?? 0} primes so far`,
    }),
  );
  // Press "Cancel" at 40%: the task sees it at its next progress() call and ends.
  doomed.observe('progress', ({ new: [done, total] }) => {
    if (done / total < 0.4 || !doomed.cancellable) return;
    renderer.log(`primes (large): cancel() at ${done}/${total} chunks`);
    doomed.cancel();
  });
  doomed.observe('done', () => renderer.log(`primes (large): ${doomed.state}`));

  const wanted = 40;
  const estimates = track(
    'π (endless)',
    submitIteration(executor, pi.piEstimates, Math.round(250_000 * scale)),
    (s) => ({
      fraction: s.itemCount / wanted,
      detail:
        s.latestItem === undefined ? '' : `π ≈ ${s.latestItem[1].toFixed(5)} ± ${s.latestItem[2].toFixed(5)}`,
    }),
  );
  // The generator never ends by itself: cancelling is how it stops.
  estimates.observe('resultEvent', () => {
    if (estimates.getSnapshot().itemCount >= wanted) estimates.cancel();
  });

  // A custom task kind (SPEC §3.7): its future keeps a message count in its snapshot.
  const fizzBuzz = track('fizz-buzz', submitFizzBuzz(executor, Math.max(1, 25 * scale)), (s) => ({
    fraction: s.messageCount / 20,
    detail: s.latest === undefined ? '' : `${s.messageCount} messages, latest ${s.latest[0]} ${s.latest[1]}`,
  }));
  fizzBuzz.observe('fizzBuzz', ({ new: n }) => renderer.log(`fizz-buzz: FIZZ BUZZ! ${n}`));
  for (const message of FIZZ_BUZZ_MESSAGES) {
    fizzBuzz.observe(message, () => {
      if (fizzBuzz.messageCount >= 20) fizzBuzz.cancel(); // later messages in flight are dropped
    });
  }

  for (const n of [3, 12, 25, 40, 60]) {
    track(`square(${n})`, submitCall(executor, squares.slowSquare, n, 0.1 * scale), (s) => ({
      fraction: s.state === 'completed' || s.state === 'failed' ? 1 : undefined,
      detail: s.state === 'completed' ? `= ${s.result}` : s.state === 'failed' ? s.exception.message : '',
    }));
  }

  // Redraw at most every 80 ms on a terminal; the timer is cleared below so the process can exit.
  const redraw = tty ? setInterval(() => renderer.render(), 80) : undefined;
  try {
    await Promise.all(tracked.map(({ future }) => future.settled()));
  } finally {
    clearInterval(redraw);
    renderer.close();
  }
} finally {
  await executor.shutdown();
  process.off('SIGINT', interrupt);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nSummary (${tracked.length} tasks in ${seconds} s):`);
for (const { label, future, line } of tracked)
  console.log(`  ${label.padEnd(15)} ${future.state.padEnd(10)} ${line().detail ?? ''}`.trimEnd());
