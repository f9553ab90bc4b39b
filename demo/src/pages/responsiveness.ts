/**
 * Responsiveness: an animation driven by `requestAnimationFrame` keeps moving while heavy work
 * runs in a Web Worker, and freezes while the same work runs on the main thread. The page
 * measures its own frame intervals during each run and shows them (also as `data-*`
 * attributes, which the end-to-end tests read).
 */
import { submitCall } from 'reactive-futures/custom-worker';
import { tasks, type DemoEnvironment } from '../environment.js';
import { heavyWork } from '../tasks.js';
import { followState, formatNumber, h } from '../ui.js';

/** What a run did to the animation. */
interface FrameStats {
  readonly frames: number;
  readonly longestGap: number;
  readonly duration: number;
}

/** Records animation frame times; answers for a time window. */
class FrameRecorder {
  readonly #times: number[] = [];

  record(time: number): void {
    this.#times.push(time);
    if (this.#times.length > 10_000) this.#times.splice(0, 5_000);
  }

  /** Frames painted in `[start, end]`, and the longest interval between frames around it. */
  stats(start: number, end: number): FrameStats {
    const times = this.#times;
    const first = Math.max(0, times.findIndex((time) => time >= start) - 1);
    let last = times.findIndex((time) => time > end);
    if (last === -1) last = times.length - 1;
    let longestGap = 0;
    for (let index = first + 1; index <= last; index++) {
      longestGap = Math.max(longestGap, (times[index] ?? 0) - (times[index - 1] ?? 0));
    }
    const frames = times.filter((time) => time >= start && time <= end).length;
    return { frames, longestGap, duration: end - start };
  }
}

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

function showStats(target: HTMLElement, stats: FrameStats, result: number): void {
  const fps = stats.duration > 0 ? (stats.frames * 1000) / stats.duration : 0;
  target.dataset['frames'] = String(stats.frames);
  target.dataset['longestGap'] = stats.longestGap.toFixed(1);
  target.dataset['duration'] = stats.duration.toFixed(1);
  target.textContent =
    `${formatNumber(result)} primes · work took ${stats.duration.toFixed(0)} ms · ` +
    `${stats.frames} frames (≈ ${fps.toFixed(0)} fps) · longest frame gap ${stats.longestGap.toFixed(0)} ms`;
}

export function mountResponsiveness(root: HTMLElement, environment: DemoEnvironment): void {
  const recorder = new FrameRecorder();
  const canvas = h('canvas', { width: 640, height: 90, id: 'animation' });
  const limit = environment.numberParameter('work', 3_000_000);
  const workerStats = h('p', { id: 'worker-stats', class: 'stats' }, 'not run yet');
  const mainStats = h('p', { id: 'main-stats', class: 'stats' }, 'not run yet');
  const stateSlot = h('span', {}, 'no future');
  const busy = (value: boolean): void => {
    workerButton.disabled = value;
    mainButton.disabled = value;
  };

  const animate = (time: number): void => {
    recorder.record(time);
    const context = canvas.getContext('2d');
    if (context !== null) {
      const { width, height } = canvas;
      const phase = (time / 1000) % 2;
      const x = 20 + (width - 40) * (phase < 1 ? phase : 2 - phase);
      context.clearRect(0, 0, width, height);
      context.fillStyle = '#36c';
      context.beginPath();
      context.arc(x, height / 2, 18, 0, 2 * Math.PI);
      context.fill();
    }
    if (canvas.isConnected) requestAnimationFrame(animate);
  };
  requestAnimationFrame(animate);

  const runInWorker = (): void => {
    busy(true);
    workerStats.textContent = 'Running in a Web Worker…';
    delete workerStats.dataset['frames'];
    const start = performance.now();
    const future = submitCall(environment.executor, tasks.heavyWork, limit);
    followState(stateSlot, future);
    future.observe('done', () => {
      const end = performance.now();
      void nextFrame().then(() => {
        if (future.state === 'completed') showStats(workerStats, recorder.stats(start, end), future.result);
        else workerStats.textContent = `The run ended ${future.state}.`;
        busy(false);
      });
    });
  };

  const runOnMainThread = async (): Promise<void> => {
    busy(true);
    mainStats.textContent = 'Running on the main thread…';
    delete mainStats.dataset['frames'];
    // Let the message paint before the main thread is taken.
    await nextFrame();
    await nextFrame();
    const start = performance.now();
    const result = heavyWork(limit);
    const end = performance.now();
    await nextFrame();
    showStats(mainStats, recorder.stats(start, end), result);
    busy(false);
  };

  const workerButton = h('button', { id: 'run-worker', onclick: runInWorker }, 'Run in a worker');
  const mainButton = h(
    'button',
    { id: 'run-main', onclick: () => void runOnMainThread() },
    'Run on the main thread',
  );

  root.append(
    h('h2', {}, 'Responsiveness'),
    h(
      'p',
      { class: 'lead' },
      `The same job, counting the primes below ${formatNumber(limit)} by trial division, in a Web Worker ` +
        '(the ball keeps moving) or on the main thread (it freezes). The page measures its own frames during each run.',
    ),
    canvas,
    h('div', { class: 'controls' }, workerButton, h('span', {}, 'State: ', stateSlot)),
    workerStats,
    h('div', { class: 'controls' }, mainButton),
    mainStats,
  );
}
