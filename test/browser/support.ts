/**
 * What the Chromium tests share: launching Debian's Chromium through playwright-core (never a
 * downloaded browser), serving the demo's production build or the source tree, and where
 * screenshots go.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** The Chromium of the `chromium` Debian package. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Collects a page's errors and console errors, so a test can show them when it fails. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** The headers that make a page cross-origin isolated (SharedArrayBuffer available). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** A Content-Security-Policy without 'unsafe-eval' (nor inline scripts). */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self' ws:";

/**
 * Serves the repository with Vite's dev server, so the contract suite's TypeScript (and the
 * fixture task modules the workers import by URL) run untranspiled by hand. `vitest` is the
 * harness's stand-in and `reactive-futures*` the sources.
 */
export async function startSourceServer(
  isolated: boolean,
  csp = false,
): Promise<{ url: string; close: () => Promise<void> }> {
  const harness = (file: string): string => fileURLToPath(new URL(`./harness/${file}`, import.meta.url));
  const source = (file: string): string => `${REPO}src/${file}`;
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: REPO,
    logLevel: 'warn',
    clearScreen: false,
    server: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      hmr: false,
      watch: null,
      headers: {
        ...(isolated ? ISOLATION_HEADERS : {}),
        ...(csp ? { 'Content-Security-Policy': STRICT_CSP } : {}),
      },
    },
    resolve: {
      alias: [
        { find: /^vitest$/, replacement: harness('vitest-shim.ts') },
        { find: /^reactive-futures$/, replacement: source('browser.ts') },
        { find: /^reactive-futures\/worker$/, replacement: source('worker.ts') },
        { find: /^reactive-futures\/testing$/, replacement: source('testing.ts') },
      ],
    },
    optimizeDeps: {
      // Pre-bundle only what the pages need, before serving: a dependency discovered while a
      // page loads would make Vite re-optimize and reload, and with HMR off the page would hang.
      noDiscovery: true,
      include: ['@vitest/expect'],
      entries: [harness('contract-page.ts'), harness('web-worker-page.ts')],
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (typeof address !== 'object' || address === null) throw new Error('The Vite server has no address');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** How long a page may go without any progress before a test calls it stuck. */
export const QUIET_MS = 60_000;

/** What {@link waitWhileProgressing} reads in the page: whether it is done, and how far it got. */
export interface PageProgress {
  readonly done: boolean;
  /** Changes whenever the page gets further (a step count, a log's length). */
  readonly progress: string;
}

/**
 * Waits until the page is done, for as long as it keeps getting further: a busy machine runs
 * the page slower but it still progresses, so there is no budget for the whole run, only for a
 * stall. `probe` runs in the page with the progress last seen (`undefined` at first) and
 * returns the page's {@link PageProgress} when it is done or has got further, `false`
 * otherwise; it must be self-contained (Playwright sends it to the page as source). Fails, with
 * `describe()`'s account of where the page stopped, when nothing changed for `quietMs`.
 */
export async function waitWhileProgressing(
  page: Page,
  probe: (last: string | undefined) => PageProgress | false,
  describe: () => Promise<string>,
  quietMs = QUIET_MS,
): Promise<void> {
  let last: string | undefined;
  for (;;) {
    let now: PageProgress;
    try {
      // waitForFunction resolves with a truthy value only: the progress, never `false`.
      now = (await (
        await page.waitForFunction(probe, last, { timeout: quietMs })
      ).jsonValue()) as PageProgress;
    } catch (error) {
      throw new Error(`No progress for ${String(quietMs)} ms: ${await describe()}`, { cause: error });
    }
    if (now.done) return;
    last = now.progress;
  }
}
