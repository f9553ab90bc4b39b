/**
 * Task module of the π examples: Monte-Carlo estimates of π, as a call (which cannot be
 * interrupted) and as generators (which stop at the next `yield` once cancelled).
 */

/** One estimate: how many samples it rests on, the estimate, and its ~95% error half-width. */
export type PiEstimate = readonly [totalSamples: number, estimate: number, errorHalfWidth: number];

/** Draws `count` random points in the unit square; returns how many fall inside the quarter circle. */
function countInside(count: number): number {
  let inside = 0;
  for (let i = 0; i < count; i++) {
    const x = Math.random();
    const y = Math.random();
    if (x * x + y * y < 1) inside++;
  }
  return inside;
}

/** The estimate from `inside` hits out of `total` samples, with a normal-approximation error bar. */
function estimate(inside: number, total: number): PiEstimate {
  const p = inside / total;
  // 1.96 standard errors of 4p: a ~95% confidence half-width.
  return [total, 4 * p, 4 * 1.96 * Math.sqrt((p * (1 - p)) / total)];
}

/**
 * An endless stream of ever better estimates, `chunkSize` new samples each. It never returns:
 * cancelling the future is the only way it ends.
 */
export function* piEstimates(chunkSize: number): Generator<PiEstimate, never> {
  let inside = 0;
  let total = 0;
  for (;;) {
    inside += countInside(chunkSize);
    total += chunkSize;
    yield estimate(inside, total);
  }
}

/**
 * Estimates π from `samples` samples, yielding the running estimate every `reportInterval`
 * samples. Each `yield` is a cancellation point; the return value is the final estimate.
 */
export function* approximatePi(samples: number, reportInterval: number): Generator<number, number> {
  let inside = 0;
  let total = 0;
  while (total < samples) {
    const count = Math.min(reportInterval, samples - total);
    inside += countInside(count);
    total += count;
    if (total < samples) yield (4 * inside) / total;
  }
  return (4 * inside) / total;
}

/** The same computation in one call: it cannot be interrupted, only have its result discarded. */
export function piByMonteCarlo(samples: number): number {
  return (4 * countInside(samples)) / samples;
}
