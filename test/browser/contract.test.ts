/**
 * The parallel-context contract suite against the browser WorkerContext, in headless Chromium:
 * on a cross-origin-isolated page (SharedArrayBuffer: every test runs) and on a plain page
 * (degraded mode: the tests whose shared-memory probes cannot exist there are skipped, and
 * counted; all others must pass).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startSourceServer, waitWhileProgressing, watchPage } from './support.js';

interface Result {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly error?: string;
  readonly note?: string;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

async function runSuite(isolated: boolean): Promise<{ isolated: boolean; results: Result[] }> {
  const server = await startSourceServer(isolated);
  const page = await browser.newPage();
  const problems = watchPage(page);
  try {
    await page.goto(`${server.url}test/browser/harness/contract.html`);
    // No budget for the whole suite (a busy machine makes it slower), only for a stall: each
    // result the page logs is progress. A test that hangs in the page ends at its own timeout.
    await waitWhileProgressing(
      page,
      (last) => {
        const done = window.contractResults !== undefined;
        const progress = String(document.querySelector('#log')?.textContent.length ?? 0);
        return done || progress !== last ? { done, progress } : false;
      },
      async () => {
        const log = (await page.textContent('#log')) ?? '';
        return `the suite did not finish.\nPage problems:\n${problems.join('\n')}\nLast results:\n${log.slice(-3000)}`;
      },
    );
    await screenshot(page, `contract-${isolated ? 'isolated' : 'not-isolated'}`);
    const outcome = await page.evaluate(() => window.contractResults);
    if (outcome === undefined) throw new Error(`No results. Page problems:\n${problems.join('\n')}`);
    return { isolated: outcome.isolated, results: [...outcome.results] };
  } finally {
    await page.close();
    await server.close();
  }
}

function summary(results: readonly Result[]): string {
  const count = (status: Result['status']): number =>
    results.filter((result) => result.status === status).length;
  return `${count('passed')} passed, ${count('skipped')} skipped, ${count('failed')} failed`;
}

describe('contract suite in Chromium', () => {
  it('passes on a cross-origin-isolated page (SharedArrayBuffer)', { timeout: 1_800_000 }, async () => {
    const { isolated, results } = await runSuite(true);
    console.log(`isolated page: ${summary(results)}`);
    for (const result of results.filter((each) => each.status === 'skipped')) {
      console.log(`  skipped: ${result.name} (${result.note ?? ''})`);
    }
    expect(isolated).toBe(true);
    expect(results.length).toBeGreaterThan(30);
    expect(results.filter((result) => result.status === 'failed')).toEqual([]);
    // Only the suite's own skips (e.g. the inline-context-only tests); none for lack of memory.
    expect(results.filter((result) => result.note?.includes('SharedArrayBuffer') === true)).toEqual([]);
  });

  it('passes what it can on a plain page (no SharedArrayBuffer)', { timeout: 1_800_000 }, async () => {
    const { isolated, results } = await runSuite(false);
    const skippedForMemory = results.filter((result) => result.note?.includes('SharedArrayBuffer') === true);
    console.log(`plain page: ${summary(results)} (${skippedForMemory.length} need shared-memory probes)`);
    expect(isolated).toBe(false);
    expect(results.filter((result) => result.status === 'failed')).toEqual([]);
    expect(results.filter((result) => result.status === 'passed').length).toBeGreaterThan(0);
  });
});
