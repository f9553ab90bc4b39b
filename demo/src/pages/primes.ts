/**
 * Prime counting (the guide's prime_counting): a progress call reports chunks done and primes
 * found; a progress bar follows it, and Cancel ends it at its next progress report.
 */
import { submitProgress, type ProgressFuture } from 'reactive-futures/custom-worker';
import { tasks, type DemoEnvironment } from '../environment.js';
import type { PrimeProgress } from '../tasks.js';
import { followState, formatNumber, h } from '../ui.js';

export function mountPrimes(root: HTMLElement, environment: DemoEnvironment): void {
  let future: ProgressFuture<number, PrimeProgress> | undefined;
  const limitInput = h('input', {
    type: 'number',
    id: 'limit',
    min: 2,
    value: environment.numberParameter('limit', 1_000_000),
  });
  const chunkInput = h('input', {
    type: 'number',
    id: 'chunk',
    min: 1,
    value: environment.numberParameter('chunk', 10_000),
  });
  const bar = h('progress', { id: 'progress', max: 1, value: 0 });
  const progressText = h('p', { id: 'progress-text' }, '');
  const stateSlot = h('span', {}, 'no future');
  const message = h('p', { id: 'message', class: 'result' }, '');
  const refresh = (): void => {
    countButton.disabled = future !== undefined && !future.done;
    cancelButton.disabled = future === undefined || !future.cancellable;
  };

  const count = (): void => {
    const limit = Math.max(2, Math.round(Number(limitInput.value)));
    const chunkSize = Math.max(1, Math.round(Number(chunkInput.value)));
    message.textContent = '';
    progressText.textContent = 'Starting…';
    bar.value = 0;
    // countPrimes(limit, chunkSize, progress) → ProgressFuture<number, PrimeProgress>
    const started = submitProgress(environment.executor, tasks.countPrimes, limit, chunkSize);
    future = started;
    followState(stateSlot, started);
    started.observe('progress', (event) => {
      const { chunksDone, chunks, primes } = event.new;
      bar.max = chunks;
      bar.value = chunksDone;
      progressText.textContent = `${chunksDone} of ${chunks} chunks processed. ${formatNumber(primes)} primes found`;
    });
    started.observe('state', refresh);
    started.observe('done', () => {
      if (started.state === 'completed') {
        message.textContent = `There are ${formatNumber(started.result)} primes smaller than ${formatNumber(limit)}`;
      } else if (started.state === 'cancelled') {
        message.textContent = 'Run cancelled';
      } else {
        message.textContent = `Failed: ${started.exception.message}`;
      }
    });
    refresh();
  };

  const countButton = h('button', { id: 'count', onclick: count }, 'Count');
  const cancelButton = h(
    'button',
    {
      id: 'cancel',
      onclick: () => {
        cancelButton.disabled = true;
        if (future?.cancel() === true) progressText.textContent += ' — Cancelling…';
      },
    },
    'Cancel',
  );
  refresh();

  root.append(
    h('h2', {}, 'Prime counting'),
    h(
      'p',
      { class: 'lead' },
      'Counts the primes below a limit by trial division, in chunks, reporting progress before each chunk. ' +
        'Cancel stops it at its next report.',
    ),
    h(
      'div',
      { class: 'controls' },
      h('label', {}, 'limit ', limitInput),
      h('label', {}, 'chunk ', chunkInput),
      countButton,
      cancelButton,
      h('span', {}, 'State: ', stateSlot),
    ),
    bar,
    progressText,
    message,
  );
}
