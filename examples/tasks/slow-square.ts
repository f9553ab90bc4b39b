/**
 * Task module of the slow-squares example: an unreliable squaring function.
 * Runs in a worker thread, so it may block or sleep without freezing the main thread.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** The longest a calculation may take, in (unscaled) seconds, before it gives up. */
const CAP_SECONDS = 5;

/**
 * Squares `n` after an exponentially distributed delay with mean `(n + 5) / 5` seconds,
 * multiplied by `timeScale` so the example runs in a few seconds instead of minutes. A draw
 * past the cap sleeps for the cap and fails, like a calculation that timed out.
 *
 * @param timeScale - how many real seconds one simulated second takes (1 = the Python guide).
 * @throws {Error} "Calculation took too long." when the draw exceeds the cap.
 */
export async function slowSquare(n: number, timeScale: number): Promise<number> {
  const meanSeconds = (n + 5) / 5;
  // Inverse-transform sampling of an exponential distribution (1 - random() is never 0).
  const seconds = -meanSeconds * Math.log(1 - Math.random());
  if (seconds > CAP_SECONDS) {
    await sleep(CAP_SECONDS * timeScale * 1000);
    throw new Error('Calculation took too long.');
  }
  await sleep(seconds * timeScale * 1000);
  return n * n;
}
