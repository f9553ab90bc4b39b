/**
 * Fizz-Buzz as a custom task kind (the guide's fizz_buzz_ui): Calculate starts it, each
 * message shows as it arrives, Cancel stops it.
 */
import type { DemoEnvironment } from '../environment.js';
import { submitFizzBuzz, type FizzBuzzFuture } from '../fizz-buzz.js';
import { followState, h } from '../ui.js';

export function mountFizzBuzz(root: HTMLElement, environment: DemoEnvironment): void {
  let future: FizzBuzzFuture | undefined;
  const message = h('p', { id: 'message', class: 'result' }, 'Ready');
  const log = h('ol', { id: 'log', class: 'log' });
  const stateSlot = h('span', {}, 'no future');
  const refresh = (): void => {
    calculateButton.disabled = future !== undefined;
    cancelButton.disabled = future === undefined || !future.cancellable;
  };

  const calculate = (): void => {
    log.replaceChildren();
    message.textContent = 'Running';
    const started = submitFizzBuzz(environment.executor, 200 * environment.timeScale);
    future = started;
    followState(stateSlot, started);
    const show = (text: string) => (event: { readonly new: number }) => {
      message.textContent = `${text} ${event.new}`;
      log.prepend(h('li', {}, message.textContent));
    };
    started.observe('fizz', show('Fizz'));
    started.observe('buzz', show('Buzz'));
    started.observe('fizzBuzz', show('FIZZ BUZZ!'));
    started.observe('state', refresh);
    started.observe('done', () => {
      message.textContent = 'Ready';
      future = undefined;
      refresh();
    });
    refresh();
  };

  const calculateButton = h('button', { id: 'calculate', onclick: calculate }, 'Calculate');
  const cancelButton = h(
    'button',
    {
      id: 'cancel',
      onclick: () => {
        if (future?.cancel() === true) message.textContent = 'Cancelling';
      },
    },
    'Cancel',
  );
  refresh();

  root.append(
    h('h2', {}, 'Fizz-Buzz: a custom task kind'),
    h(
      'p',
      { class: 'lead' },
      'A FizzBuzzFuture and its BackgroundFizzBuzz specification: the worker counts up and sends fizz, buzz ' +
        'or fizzBuzz messages, which arrive as events of the same names.',
    ),
    h('div', { class: 'controls' }, calculateButton, cancelButton, h('span', {}, 'State: ', stateSlot)),
    message,
    log,
  );
}
