/**
 * Slow squares (the guide's slow_squares): press Square as often as you like; every future
 * gets a row whose colour and text follow its state. Cancel all / Clear finished act on all.
 */
import { submitCall, type CallFuture } from 'reactive-futures/custom-worker';
import { tasks, type DemoEnvironment } from '../environment.js';
import { h, stateBadge } from '../ui.js';

function describe(future: CallFuture<number>): string {
  switch (future.state) {
    case 'completed':
      return `Completed: result=${future.result}`;
    case 'failed':
      return `Failed: ${future.exception.message}`;
    default:
      return `${future.state.charAt(0).toUpperCase()}${future.state.slice(1)}`;
  }
}

export function mountSquares(root: HTMLElement, environment: DemoEnvironment): void {
  const futures = new Map<CallFuture<number>, HTMLTableRowElement>();
  const input = h('input', { type: 'number', min: 0, max: 100, value: 10, id: 'square-input' });
  const rows = h('tbody');
  const refresh = (): void => {
    clearButton.disabled = ![...futures.keys()].some((future) => future.done);
    cancelButton.disabled = ![...futures.keys()].some((future) => future.cancellable);
  };

  const square = (): void => {
    const n = Math.min(100, Math.max(0, Math.round(Number(input.value))));
    // Types flow from tasks.ts: slowSquare(n: number, timeScale?: number): Promise<number>.
    const future: CallFuture<number> = submitCall(
      environment.executor,
      tasks.slowSquare,
      n,
      environment.timeScale,
    );
    const message = h('td', { class: 'message' }, describe(future));
    const row = h(
      'tr',
      { 'data-state': future.state },
      h('td', {}, n),
      h('td', {}, stateBadge(future)),
      message,
    );
    future.observe('state', () => {
      row.dataset['state'] = future.state;
      message.textContent = describe(future);
      refresh();
    });
    futures.set(future, row);
    rows.append(row);
    refresh();
  };

  const squareButton = h('button', { id: 'square', onclick: square }, 'Square');
  const cancelButton = h(
    'button',
    {
      id: 'cancel-all',
      onclick: () => {
        for (const future of futures.keys()) future.cancel();
      },
    },
    'Cancel all',
  );
  const clearButton = h(
    'button',
    {
      id: 'clear-finished',
      onclick: () => {
        for (const [future, row] of futures) {
          if (!future.done) continue;
          row.remove();
          futures.delete(future);
        }
        refresh();
      },
    },
    'Clear finished',
  );
  refresh();

  root.append(
    h('h2', {}, 'Slow squares'),
    h(
      'p',
      { class: 'lead' },
      'Each press squares the input in a Web Worker, taking a random time (mean (n + 5) / 5 s); ' +
        'a draw over 5 s fails with “Calculation took too long.” Rows follow their future’s state.',
    ),
    h('div', { class: 'controls' }, h('label', {}, 'n ', input), squareButton, cancelButton, clearButton),
    h(
      'table',
      { class: 'futures' },
      h('thead', {}, h('tr', {}, h('th', {}, 'n'), h('th', {}, 'state'), h('th', {}, 'message'))),
      rows,
    ),
  );
}
