/**
 * End-to-end tests of the demo gallery's production build (`vite build demo`) in headless
 * Chromium, served by demo/serve.mjs twice: cross-origin isolated with a strict
 * Content-Security-Policy (no 'unsafe-eval'), and as a plain page (no SharedArrayBuffer).
 * Each page is clicked through (start, cancel, let finish), its visible results are checked,
 * and a screenshot is saved under test-results/screenshots/.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, waitWhileProgressing, watchPage } from './support.js';

interface DemoServer {
  readonly url: string;
  close(): Promise<void>;
}
const { startServer } = (await import(new URL('../../demo/serve.mjs', import.meta.url).href)) as {
  startServer: (options: { port: number; isolated: boolean; csp: boolean }) => Promise<DemoServer>;
};

/**
 * How long a wait goes on without any change on the page (a step that starts a worker, a row
 * that changes state, a chunk counted); the waits for work that shows progress have no budget
 * for the work itself.
 */
const WAIT = 30_000;
let browser: Browser;

beforeAll(async () => {
  await build({
    configFile: fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

it("ships no worker but its own: no chunk of the library's worker entry", async () => {
  const assets = await readdir(fileURLToPath(new URL('../../demo/dist/assets/', import.meta.url)));
  // Without their content hashes: `index-Bs1oxCFF.js` → `index.js`.
  const scripts = assets
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.replace(/-[\w-]{8}\.js$/, '.js'));
  expect(scripts.sort()).toEqual(['index.js', 'tasks.worker.js']);
});

/**
 * Waits until every element matching `selector` shows one of `states`. The wait follows the
 * work: it goes on as long as the states keep changing (a busy machine runs the tasks slower,
 * and on a plain page a cancel is only seen when the task lets its event loop run), and fails,
 * saying what it saw, only when nothing changed for WAIT ms.
 */
async function waitForStates(page: Page, selector: string, states: readonly string[]): Promise<void> {
  const seen = (): Promise<string[]> =>
    page.evaluate(
      (selector) =>
        Array.from(document.querySelectorAll<HTMLElement>(selector)).map(
          (element) => element.dataset['state'] ?? '',
        ),
      selector,
    );
  let last = await seen();
  for (;;) {
    try {
      await page.waitForFunction(
        ({ selector, states, last }) => {
          const now = Array.from(document.querySelectorAll<HTMLElement>(selector)).map(
            (element) => element.dataset['state'] ?? '',
          );
          return now.every((state) => states.includes(state)) || now.join() !== last.join();
        },
        { selector, states, last },
        { timeout: WAIT },
      );
    } catch (error) {
      throw new Error(
        `No change for ${WAIT} ms while waiting for ${selector} to be ${states.join(' or ')}: ${last.join(', ')}`,
        {
          cause: error,
        },
      );
    }
    last = await seen();
    if (last.every((state) => states.includes(state))) return;
  }
}

describe.each([
  { mode: 'isolated', isolated: true },
  { mode: 'plain', isolated: false },
])('demo gallery ($mode page)', ({ mode, isolated }) => {
  let server: DemoServer;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startServer({ port: 0, isolated, csp: isolated });
  });
  afterAll(async () => {
    await server.close();
  });

  async function open(path: string): Promise<void> {
    page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    problems = watchPage(page);
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector('main[data-page]', { timeout: WAIT });
    expect(await page.getAttribute('#isolation', 'data-isolated')).toBe(isolated ? '' : null);
  }

  async function close(): Promise<void> {
    expect(problems).toEqual([]);
    await page.close();
  }

  it('slow squares: each row follows its future, Cancel all and Clear finished work', async () => {
    await open('?timescale=0.02#squares');
    const inputs = [3, 7, 12, 20];
    for (const n of inputs) {
      await page.fill('#square-input', String(n));
      await page.click('#square');
    }
    expect(await page.locator('tbody tr').count()).toBe(4);
    await waitForStates(page, 'tbody tr', ['completed', 'failed']);
    const rows = await page.locator('tbody tr').evaluateAll((elements) =>
      elements.map((row) => ({
        n: Number(row.children[0]?.textContent),
        state: (row as HTMLElement).dataset['state'],
        message: row.querySelector('.message')?.textContent,
      })),
    );
    for (const row of rows) {
      expect(row.message).toBe(
        row.state === 'completed'
          ? `Completed: result=${row.n * row.n}`
          : 'Failed: Calculation took too long.',
      );
    }
    expect(rows.map((row) => row.n)).toEqual(inputs);
    await screenshot(page, `${mode}-squares`);

    // Long calls (timescale 1, n = 100: seconds each), cancelled while they sleep.
    await page.goto(`${server.url}?timescale=1#squares`);
    await page.fill('#square-input', '100');
    for (let i = 0; i < 3; i++) await page.click('#square');
    await page.waitForSelector('tbody tr[data-state="executing"]', { timeout: WAIT });
    await page.click('#cancel-all');
    await waitForStates(page, 'tbody tr', ['cancelled']);
    expect(await page.locator('tbody tr .message').allTextContents()).toEqual([
      'Cancelled',
      'Cancelled',
      'Cancelled',
    ]);
    await screenshot(page, `${mode}-squares-cancelled`);
    await page.click('#clear-finished');
    expect(await page.locator('tbody tr').count()).toBe(0);
    await close();
  });

  it('π: estimates stream into the plot until Cancel', async () => {
    await open('?chunk=200000#pi');
    await page.click('#approximate');
    expect(await page.isDisabled('#approximate')).toBe(true);
    // Each estimate is progress: no budget for the eight, only for a stall.
    await waitWhileProgressing(
      page,
      (last) => {
        const progress = document.querySelector('#pi-count')?.textContent ?? '';
        const done = Number(progress) >= 8;
        return done || progress !== last ? { done, progress } : false;
      },
      async () => `π: ${(await page.textContent('#pi-count')) ?? ''} estimates, waiting for 8`,
      WAIT,
    );
    expect(await page.textContent('#pi-latest')).toMatch(/^π ≈ 3\.1\d{5} ± 0\.\d+ after [\d,]+ samples$/);
    await screenshot(page, `${mode}-pi`);
    await page.click('#cancel');
    await waitForStates(page, '.state', ['cancelled']);
    const count = await page.textContent('#pi-count');
    expect(await page.isEnabled('#approximate')).toBe(true);
    expect(await page.isDisabled('#cancel')).toBe(true);
    // No estimate arrives after the cancel: the count stays (checked after the next frame).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await page.textContent('#pi-count')).toBe(count);
    await close();
  });

  it('prime counting: the progress bar fills and the count is right; Cancel stops a long run', async () => {
    await open('#primes');
    await page.click('#count');
    // Each chunk counted is progress: no budget for the run, only for a stall.
    await waitWhileProgressing(
      page,
      (last) => {
        const done = document.querySelector('#message')?.textContent !== '';
        const progress = document.querySelector('#progress-text')?.textContent ?? '';
        return done || progress !== last ? { done, progress } : false;
      },
      async () => `primes: ${(await page.textContent('#progress-text')) ?? ''}`,
      WAIT,
    );
    expect(await page.textContent('#message')).toBe('There are 78,498 primes smaller than 1,000,000');
    expect(await page.textContent('#progress-text')).toBe('100 of 100 chunks processed. 78,498 primes found');
    expect(
      await page.evaluate(() => (document.querySelector('#progress') as HTMLProgressElement).value),
    ).toBe(100);
    await screenshot(page, `${mode}-primes`);

    await page.fill('#limit', '500000000');
    await page.fill('#chunk', '100000');
    await page.click('#count');
    await page.waitForFunction(
      () => /^[1-9]\d* of 5000 chunks/.test(document.querySelector('#progress-text')?.textContent ?? ''),
      null,
      { timeout: WAIT },
    );
    await page.click('#cancel');
    await waitWhileProgressing(
      page,
      (last) => {
        const done = document.querySelector('#message')?.textContent === 'Run cancelled';
        const progress = document.querySelector('#progress-text')?.textContent ?? '';
        return done || progress !== last ? { done, progress } : false;
      },
      async () => `primes after Cancel: ${(await page.textContent('#progress-text')) ?? ''}`,
      WAIT,
    );
    expect(await page.getAttribute('.state', 'data-state')).toBe('cancelled');
    expect(await page.textContent('#progress-text')).toMatch(
      /of 5000 chunks processed\. [\d,]+ primes found — Cancelling…$/,
    );
    await screenshot(page, `${mode}-primes-cancelled`);
    await close();
  });

  it('Fizz-Buzz: a custom task kind shows each message until Cancel', async () => {
    await open('?timescale=0.1#fizz-buzz');
    await page.click('#calculate');
    await waitWhileProgressing(
      page,
      (last) => {
        const count = document.querySelectorAll('#log li').length;
        return count >= 6 || String(count) !== last ? { done: count >= 6, progress: String(count) } : false;
      },
      async () => `Fizz-Buzz: ${String(await page.locator('#log li').count())} messages, waiting for 6`,
      WAIT,
    );
    const entries = (await page.locator('#log li').allTextContents()).reverse();
    for (const entry of entries) {
      const [, word, number] = /^(Fizz|Buzz|FIZZ BUZZ!) (\d+)$/.exec(entry) ?? [];
      const n = Number(number);
      const expected = n % 15 === 0 ? 'FIZZ BUZZ!' : n % 3 === 0 ? 'Fizz' : n % 5 === 0 ? 'Buzz' : 'none';
      expect(word).toBe(expected);
    }
    expect(entries.slice(0, 3)).toEqual(['Fizz 3', 'Buzz 5', 'Fizz 6']);
    expect(await page.isDisabled('#calculate')).toBe(true);
    await screenshot(page, `${mode}-fizz-buzz`);
    await page.click('#cancel');
    await waitForStates(page, '.state', ['cancelled']);
    expect(await page.textContent('#message')).toBe('Ready');
    expect(await page.isEnabled('#calculate')).toBe(true);
    await close();
  });

  it('responsiveness: frames keep coming while the worker works, and stop for the main-thread run', async () => {
    await open('#responsiveness');
    await page.click('#run-worker');
    await page.waitForSelector('#worker-stats[data-frames]', { timeout: WAIT });
    await page.click('#run-main');
    await page.waitForSelector('#main-stats[data-frames]', { timeout: WAIT });
    const read = (selector: string): Promise<{ frames: number; longestGap: number; duration: number }> =>
      page.$eval(selector, (element) => ({
        frames: Number((element as HTMLElement).dataset['frames']),
        longestGap: Number((element as HTMLElement).dataset['longestGap']),
        duration: Number((element as HTMLElement).dataset['duration']),
      }));
    const worker = await read('#worker-stats');
    const main = await read('#main-stats');
    console.log(`${mode}: worker run ${JSON.stringify(worker)}, main-thread run ${JSON.stringify(main)}`);
    // The page's own measurements: on the main thread no frame is painted during the work, so
    // the longest gap spans the whole run; with the worker, frames keep coming.
    expect(main.frames).toBeLessThanOrEqual(1);
    expect(main.longestGap).toBeGreaterThanOrEqual(main.duration * 0.9);
    expect(worker.frames).toBeGreaterThanOrEqual(10);
    expect(worker.longestGap * 3).toBeLessThan(main.longestGap);
    await screenshot(page, `${mode}-responsiveness`);
    await close();
  });
});
