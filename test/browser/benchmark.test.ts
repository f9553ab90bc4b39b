/**
 * The browser benchmark: round trip and streamed items per second for Web Workers,
 * reactive-futures against bare `postMessage`, in headless Chromium, cross-origin isolated
 * and not. The numbers are printed and written to test-results/browser-bench.json for
 * docs/performance.md; the test asserts only that every contender measured both (every item
 * arrived, in order, checked in the page), never a speed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResults } from './harness/bench-page.js';
import { REPO, launchChromium, startSourceServer, watchPage } from './support.js';

let browser: Browser;
const report: Record<string, BenchResults> = {};
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  mkdirSync(`${REPO}test-results`, { recursive: true });
  writeFileSync(`${REPO}test-results/browser-bench.json`, `${JSON.stringify(report, null, 2)}\n`);
});

describe.each([
  { mode: 'cross-origin isolated', isolated: true },
  { mode: 'not isolated', isolated: false },
])('Web Worker benchmark ($mode)', ({ mode, isolated }) => {
  it('measures round trip and streaming for reactive-futures and bare postMessage', async () => {
    const server = await startSourceServer(isolated);
    const page = await browser.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(`${server.url}test/browser/harness/bench.html`);
      await page.waitForFunction(() => window.benchResults !== undefined, null, { timeout: 100_000 });
      const results = await page.evaluate(() => window.benchResults);
      if (results === undefined || 'error' in results)
        throw new Error(`${results?.error}\n${problems.join('\n')}`);
      expect(results.isolated).toBe(isolated);
      expect(Object.keys(results.contenders)).toEqual([
        'bare postMessage',
        'bare postMessage, batches of 1,000',
        'reactive-futures',
      ]);
      for (const result of Object.values(results.contenders)) {
        expect(result.roundTripMicroseconds).toBeGreaterThan(0);
        expect(result.itemsPerSecond).toBeGreaterThan(0);
      }
      report[mode] = results;
      const lines = Object.entries(results.contenders).map(
        ([name, result]) =>
          `  ${name}: round trip ${result.roundTripMicroseconds.toFixed(1)} µs, ${Math.round(result.itemsPerSecond).toLocaleString('en')} items/s`,
      );
      console.log(`Web Worker benchmark, ${mode}:\n${lines.join('\n')}`);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
