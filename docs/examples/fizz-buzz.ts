import { Executor } from 'reactive-futures';
import { submitFizzBuzz } from './fizz-buzz-task.js';

const executor = new Executor();
try {
  const future = submitFizzBuzz(executor);
  const show = (label: string) => (event: { new: unknown }) => {
    console.log(`${label} ${String(event.new)}`);
    if (future.messageCount === 8) future.cancel(); // no message is handled after this
  };
  future.observe('fizz', show('Fizz'));
  future.observe('buzz', show('Buzz'));
  future.observe('fizzBuzz', show('FIZZ BUZZ!'));
  await future.settled();
  console.log(`Ready: ${future.state} after ${future.messageCount} messages`);
} finally {
  await executor.shutdown();
}
