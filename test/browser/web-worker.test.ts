/**
 * Browser-specific behaviour of the Web Worker context, in headless Chromium: a strict
 * Content-Security-Policy (task modules work, inline functions fail saying why), a worker
 * crash, cooperative and forced cancellation without shared memory (a cooperative cancel right
 * after a crash, repeated), and a worker script that does not load.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startSourceServer, waitWhileProgressing, watchPage } from './support.js';

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
  // The page's own waits follow its progress (waitWhileProgressing); this is only a backstop.
  it('behaves', { timeout: 900_000 }, async () => {
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
      // No budget for the whole run (a busy machine makes it slower), only for a stall: a lost
      // cancel leaves its round waiting forever.
      await waitWhileProgressing(
        page,
        (last) => {
          const done = window.webWorkerChecks !== undefined;
          const progress = String(window.webWorkerProgress?.length ?? 0);
          return done || progress !== last ? { done, progress } : false;
        },
        async () => {
          const steps = await page.evaluate(() => window.webWorkerProgress ?? []);
          return `the page got to: ${steps.join(' | ')}\n${problems.join('\n')}`;
        },
      );
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
      expect(checks?.['cancelAfterCrashRepeated']).toEqual(Array(25).fill('cancelled'));
      // Without isolation, the cooperative cancel warns once (the forced one does not), naming the headers.
      expect(isolationWarnings.length).toBe(isolated ? 0 : 1);
      if (!isolated)
        expect(isolationWarnings[0]).toMatch(
          /Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
        );
      const broken = checks?.['brokenWorkerUrl'] as { state: string; type: string; message: string }[];
      expect(broken.map((each) => [each.state, each.type])).toEqual([
        ['failed', 'WorkerStartError'],
        ['failed', 'WorkerStartError'],
      ]);
      expect(broken[0]?.message).toMatch(/could not start/);
      expect(broken[0]?.message).toMatch(/workerUrl/);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
