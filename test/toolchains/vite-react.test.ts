/**
 * A Vite + React + TypeScript project as `npm create vite` (react-ts) makes it
 * (test/toolchains/projects/vite-react-ts: the template's files, its App replaced by one that
 * uses the bundler recipe of docs/browser.md), type-checked and built by the template's own
 * `npm run build` (`tsc -b && vite build`), served as built, and clicked through in Chromium.
 * Beside it, a page with no options at all (`default-worker/`, `new Executor()`), built on its
 * own, which runs in the library's own worker entry.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, watchPage } from '../browser/support.js';
import { createProject, listFiles, run, serveStatic, type Project } from './support.js';

let project: Project | undefined;
let browser: Browser | undefined;
let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
let built: { code: number | null; output: string };
let defaultBuilt: { code: number | null; output: string };
let defaultServer: Awaited<ReturnType<typeof serveStatic>> | undefined;

/** A built file's name without Vite's content hash: `assets/index-B1x_Kq9z.js` → `assets/index.js`. */
function unhashed(file: string): string {
  return file.replace(/-[\w-]{8}(\.\w+)$/, '$1');
}

/** The scripts of a build folder of the project, without their hashes, sorted. */
async function scriptsOf(folder: string): Promise<string[]> {
  const files = await listFiles(join(project?.directory ?? '', folder));
  return files
    .filter((file) => file.endsWith('.js'))
    .map(unhashed)
    .sort();
}

beforeAll(async () => {
  project = await createProject('vite-react-ts', inject('tarball'));
  const result = await run('npm', ['run', 'build'], { cwd: project.directory });
  built = { code: result.code, output: result.stdout + result.stderr };
  if (result.code === 0) server = await serveStatic(join(project.directory, 'dist'));
  const noOptions = await run(
    'npx',
    ['vite', 'build', 'default-worker', '--outDir', '../dist-default-worker'],
    {
      cwd: project.directory,
    },
  );
  defaultBuilt = { code: noOptions.code, output: noOptions.stdout + noOptions.stderr };
  if (noOptions.code === 0) defaultServer = await serveStatic(join(project.directory, 'dist-default-worker'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await defaultServer?.close();
  await project?.remove();
});

describe('Vite react-ts project with the bundler recipe', () => {
  it("type-checks and builds with the template's `tsc -b && vite build`", () => {
    expect(built.output).not.toMatch(/error TS\d+/);
    expect(built.code, built.output).toBe(0);
  });

  it('ships its own worker entry, with the task module bundled, not inlined as an asset', async () => {
    const files = await listFiles(join(project?.directory ?? '', 'dist'));
    const scripts = files.filter((file) => file.endsWith('.js'));
    expect(
      scripts.filter((file) => /tasks\.worker/.test(file)),
      scripts.join(', '),
    ).toHaveLength(1);
    // What `new URL('./tasks.ts', import.meta.url)` becomes in a production build.
    for (const file of scripts) {
      expect(await readFile(join(project?.directory ?? '', 'dist', file), 'utf8')).not.toContain(
        'data:video/mp2t',
      );
    }
  });

  it('ships no worker of the library: only the page and its own worker entry', async () => {
    expect(built.code, built.output).toBe(0);
    // The library's entry (`worker-entry-*.js`) would be a worker the app never starts.
    expect(await scriptsOf('dist')).toEqual(['assets/index.js', 'assets/tasks.worker.js']);
  });

  it('runs a task and cancels one in the production build, in Chromium', async () => {
    if (server === undefined || browser === undefined)
      return expect.fail(`the build failed:\n${built.output}`);
    const page = await browser.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(server.url);
      await page.getByRole('button', { name: 'Calculate' }).click();
      await page.waitForFunction(
        () => (document.querySelector('#message')?.textContent ?? '').startsWith('The square'),
        null,
        {
          timeout: 60_000,
        },
      );
      expect(await page.textContent('#message')).toBe('The square of 12 is 144');

      await page.getByRole('button', { name: 'Slow' }).click();
      await page.waitForFunction(
        () => document.querySelector('#message')?.textContent === 'executing',
        null,
        { timeout: 60_000 },
      );
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForFunction(
        () => document.querySelector('#message')?.textContent === 'cancelled',
        null,
        { timeout: 60_000 },
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('a page with no options (`new Executor()` from `reactive-futures`)', () => {
  it("builds with the library's own worker entry, and runs a task in it, in Chromium", async () => {
    expect(defaultBuilt.code, defaultBuilt.output).toBe(0);
    expect(await scriptsOf('dist-default-worker')).toEqual(['assets/index.js', 'assets/worker-entry.js']);
    if (defaultServer === undefined || browser === undefined) return expect.fail('the page was not served');
    const page = await browser.newPage();
    const problems = watchPage(page);
    try {
      await page.goto(defaultServer.url);
      await page.waitForFunction(
        () => (document.querySelector('#message')?.textContent ?? '').startsWith('The square'),
        null,
        { timeout: 60_000 },
      );
      expect(await page.textContent('#message')).toBe('The square of 12 is 144');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
