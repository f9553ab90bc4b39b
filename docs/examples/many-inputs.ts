import { Executor, combineProgress, submitMap, taskModule } from 'reactive-futures';

const tasks = taskModule<typeof import('./more-tasks.js')>(new URL('./more-tasks.ts', import.meta.url));

const files = Array.from({ length: 12 }, (_, index) => `file-${index}.txt`);
const executor = new Executor({ maxWorkers: 2 });
try {
  // One function over many inputs, as one future: 3 tasks of 4 inputs, outputs in input order.
  const checksums = submitMap(executor, tasks.checksum, files, { chunkSize: 4 }); // MapFuture<string, string>
  checksums.observe('resultEvent', (event) => {
    if (event.new.index % 4 === 0) console.log(`#${event.new.index} ${event.new.input}: ${event.new.value}`);
  });
  await checksums.settled();
  const { completed, total } = checksums.progress;
  console.log(
    `${checksums.state}: ${completed} of ${total}, result has ${checksums.result.length} checksums`,
  );

  // By default the first input that throws fails the whole map, naming the input.
  const strict = submitMap(executor, tasks.checksum, ['a.txt', '', 'c.txt']);
  await strict.settled();
  console.log(`${strict.state}: ${strict.exception.type}: ${strict.exception.message}`);

  // failFast: false tries every input, reports each failure, and fails at the end.
  const lenient = submitMap(executor, tasks.checksum, ['a.txt', '', 'c.txt'], { failFast: false });
  lenient.observe('inputFailed', (event) => console.log(`input #${event.new.index} failed`));
  await lenient.settled();
  console.log(`${lenient.state}: ${lenient.exception.type}, ${lenient.progress.completed} completed`);

  // One cancel for every input; the progress of several futures combined into one.
  const first = submitMap(executor, tasks.checksum, files);
  const second = submitMap(executor, tasks.checksum, files);
  const progress = combineProgress([first, second]);
  console.log(`cancel() returned ${second.cancel()}`);
  await Promise.all([first.settled(), second.settled()]);
  const { done, completed: finished, cancelled, fraction } = progress.getSnapshot();
  console.log(`combined: ${done} done (${finished} completed, ${cancelled} cancelled), fraction ${fraction}`);
  progress.dispose();
} finally {
  await executor.shutdown();
}
