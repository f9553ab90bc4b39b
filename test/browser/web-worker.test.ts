/**
 * Browser-specific behaviour of the Web Worker context, in headless Chromium: a strict
 * Content-Security-Policy (task modules work, inline functions fail saying why), a worker
 * crash, cooperative and forced cancellation without shared memory, and a worker script that
 * does not load.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startSourceServer, watchPage } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe.each([
  { mode: 'isolated, strict CSP', isolated: true, csp: true },
  { mode: 'plain, no CSP', isolated: false, csp: false },
])('WorkerContext in Chromium ($mode)', ({ isolated, csp }) => {
  it('behaves', async () => {
    const server = await startSourceServer(isolated, csp);
    const page = await browser.newPage();
    const problems = watchPage(page);
    const isolationWarnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().includes('not cross-origin isolated')) {
        isolationWarnings.push(message.text());
      }
    });
    try {
      await page.goto(`${server.url}test/browser/harness/web-worker.html`);
      await page.waitForFunction(() => window.webWorkerChecks !== undefined, null, { timeout: 60_000 });
      const checks = await page.evaluate(() => window.webWorkerChecks);
      expect(checks?.['error'], problems.join('\n')).toBeUndefined();
      expect(checks?.['isolated']).toBe(isolated);
      if (csp) {
        expect(checks?.['inline']).toMatchObject({ state: 'failed', type: 'TaskResolutionError' });
        expect((checks?.['inline'] as { message: string }).message).toMatch(/unsafe-eval/);
        expect((checks?.['inline'] as { message: string }).message).toMatch(/taskModule\(\)/);
      } else {
        expect(checks?.['inline']).toEqual({ state: 'completed', result: 5 });
      }
      expect(checks?.['reference']).toEqual({ state: 'completed', result: 42 });
      expect(checks?.['crash']).toMatchObject({ state: 'failed', type: 'WorkerCrashedError' });
      expect((checks?.['crash'] as { message: string }).message).toMatch(/boom in the worker/);
      expect(checks?.['afterCrash']).toEqual({ state: 'completed', result: 10 });
      expect(checks?.['cooperativeCancel']).toEqual({ state: 'cancelled' });
      expect(checks?.['forceCancel']).toEqual({ state: 'cancelled' });
      expect(checks?.['afterForce']).toEqual({ state: 'completed', result: 16 });
      // Without isolation, the cooperative cancel warns once (the forced one does not), naming the headers.
      expect(isolationWarnings.length).toBe(isolated ? 0 : 1);
      if (!isolated)
        expect(isolationWarnings[0]).toMatch(
          /Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
        );
      const broken = checks?.['brokenWorkerUrl'] as { state: string; type: string; message: string }[];
      expect(broken.map((each) => [each.state, each.type])).toEqual([
        ['failed', 'TaskResolutionError'],
        ['failed', 'TaskResolutionError'],
      ]);
      expect(broken[0]?.message).toMatch(/did not start/);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
