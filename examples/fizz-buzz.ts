/**
 * Fizz Buzz: using a custom task kind (see ./tasks/fizz-buzz-task.ts for how one is made).
 * The background counts forever; the main thread prints each message and cancels after a
 * few (the Python guide's fizz_buzz_ui.py, with prints instead of a label).
 *
 * Usage: node --import ./scripts/typescript-loader.mjs examples/fizz-buzz.ts [events=10] [pauseMs=10]
 */
import { Executor } from 'reactive-futures';
import { submitFizzBuzz } from './tasks/fizz-buzz-task.js';

const wanted = Number(process.argv[2] ?? 10);
const pauseMs = Number(process.argv[3] ?? 10);

const executor = new Executor();
try {
  console.log('Running');
  const future = submitFizzBuzz(executor, pauseMs);

  // Each message the runner sends arrives as an event of the same name, with the number.
  const show = (text: string) => (event: { new: number }) => {
    console.log(`${text} ${event.new}`);
    if (future.messageCount === wanted && future.cancel()) console.log('Cancelling');
  };
  future.observe('fizz', show('Fizz'));
  future.observe('buzz', show('Buzz'));
  future.observe('fizzBuzz', show('FIZZ BUZZ!'));
  future.observe('done', () => console.log(`Ready (final state: ${future.state})`));

  await future.settled();
} finally {
  await executor.shutdown();
}
