/**
 * π approximations (the guide's pi_iterations): an endless generator in a Web Worker streams
 * estimates; each `resultEvent` extends a live plot. Cancel is the only way to stop it.
 */
import { submitIteration, type IterationFuture } from 'reactive-futures/custom-worker';
import { tasks, type DemoEnvironment } from '../environment.js';
import type { PiEstimate } from '../tasks.js';
import { followState, h } from '../ui.js';

const MAX_POINTS = 100;

function draw(canvas: HTMLCanvasElement, estimates: readonly PiEstimate[]): void {
  const context = canvas.getContext('2d');
  if (context === null) return;
  const { width, height } = canvas;
  const low = Math.PI - 0.01;
  const high = Math.PI + 0.01;
  const y = (value: number): number =>
    height - ((Math.min(high, Math.max(low, value)) - low) / (high - low)) * height;
  const x = (index: number): number => (index / (MAX_POINTS - 1)) * width;
  context.clearRect(0, 0, width, height);
  context.strokeStyle = '#999';
  context.setLineDash([6, 4]);
  context.beginPath();
  context.moveTo(0, y(Math.PI));
  context.lineTo(width, y(Math.PI));
  context.stroke();
  context.setLineDash([]);
  const line = (pick: (estimate: PiEstimate) => number, colour: string): void => {
    context.strokeStyle = colour;
    context.beginPath();
    estimates.forEach((estimate, index) => {
      if (index === 0) context.moveTo(x(index), y(pick(estimate)));
      else context.lineTo(x(index), y(pick(estimate)));
    });
    context.stroke();
  };
  line((estimate) => estimate.estimate + estimate.error, '#9bc');
  line((estimate) => estimate.estimate - estimate.error, '#9bc');
  context.lineWidth = 2;
  line((estimate) => estimate.estimate, '#c33');
  context.lineWidth = 1;
}

export function mountPi(root: HTMLElement, environment: DemoEnvironment): void {
  let future: IterationFuture<PiEstimate, never> | undefined;
  let estimates: PiEstimate[] = [];
  const canvas = h('canvas', { width: 640, height: 280, id: 'pi-plot' });
  const stateSlot = h('span', {}, 'no future');
  const latest = h('p', { id: 'pi-latest' }, 'Press Approximate to start.');
  const count = h('span', { id: 'pi-count' }, '0');
  const refresh = (): void => {
    approximateButton.disabled = future !== undefined && !future.done;
    cancelButton.disabled = future === undefined || !future.cancellable;
  };

  const approximate = (): void => {
    estimates = [];
    let received = 0;
    const chunkSize = environment.numberParameter('chunk', 1_000_000);
    const started: IterationFuture<PiEstimate, never> = submitIteration(
      environment.executor,
      tasks.approximatePi,
      chunkSize,
    );
    future = started;
    followState(stateSlot, started);
    started.observe('resultEvent', (event) => {
      const estimate = event.new;
      received += 1;
      estimates.push(estimate);
      if (estimates.length > MAX_POINTS) estimates.shift();
      count.textContent = String(received);
      latest.textContent = `π ≈ ${estimate.estimate.toFixed(6)} ± ${estimate.error.toFixed(6)} after ${estimate.samples.toLocaleString('en-US')} samples`;
      draw(canvas, estimates);
    });
    started.observe('state', refresh);
    refresh();
  };

  const approximateButton = h('button', { id: 'approximate', onclick: approximate }, 'Approximate');
  const cancelButton = h('button', { id: 'cancel', onclick: () => future?.cancel() }, 'Cancel');
  refresh();
  draw(canvas, []);

  root.append(
    h('h2', {}, 'π approximations'),
    h(
      'p',
      { class: 'lead' },
      'An endless generator in a Web Worker yields an estimate per million random points; the plot shows ' +
        'the last 100 with their ~95% error bounds and a dashed line at π. Cancel is the only way to stop it.',
    ),
    h('div', { class: 'controls' }, approximateButton, cancelButton, h('span', {}, 'State: ', stateSlot)),
    canvas,
    latest,
    h('p', {}, 'Estimates received: ', count),
  );
}
