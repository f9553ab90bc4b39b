/**
 * The bundler recipes of docs/browser.md beyond Vite: one page (test/toolchains/projects/bundlers)
 * built by webpack 5 and by esbuild, each served as built and clicked through in Chromium.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, watchPage } from '../browser/support.js';
import { createProject, listFiles, run, serveStatic, type Project } from './support.js';

let project: Project | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  project = await createProject('bundlers', inject('tarball'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await project?.remove();
});

describe.each(['webpack', 'esbuild'])('%s', (bundler) => {
  it('builds the page and its worker entry', async () => {
    const result = await run('npm', ['run', `build:${bundler}`], { cwd: project?.directory ?? '' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const files = await listFiles(join(project?.directory ?? '', 'dist', bundler));
    expect(files).toContain('index.html');
  });

  it('ships no worker of the library: only the page and its own worker entry', async () => {
    const folder = join(project?.directory ?? '', 'dist', bundler);
    const scripts = (await listFiles(folder)).filter((file) => file.endsWith('.js'));
    // webpack emits a chunk (named after its module here) for every `new Worker(new URL(…))` it
    // finds, used or not; esbuild emits none, but keeps the code that would start it.
    expect(scripts.filter((file) => file.includes('worker-entry'))).toEqual([]);
    for (const script of scripts) {
      expect(await readFile(join(folder, script), 'utf8'), script).not.toContain('worker-entry');
    }
  });

  it('runs a task and cancels one in the production build, in Chromium', async () => {
    if (project === undefined || browser === undefined) return expect.fail('the project was not set up');
    const server = await serveStatic(join(project.directory, 'dist', bundler));
    const page = await browser.newPage();
    const problems = watchPage(page);
    const message = (): Promise<string | null> => page.textContent('#message');
    try {
      await page.goto(server.url);
      await page.getByRole('button', { name: 'Calculate' }).click();
      await page.waitForFunction(
        () => (document.querySelector('#message')?.textContent ?? '').startsWith('The square'),
        null,
        { timeout: 60_000 },
      );
      expect(await message()).toBe('The square of 12 is 144');

      await page.getByRole('button', { name: 'Slow' }).click();
      await page.waitForFunction(
        () => document.querySelector('#message')?.textContent === 'executing',
        null,
        {
          timeout: 60_000,
        },
      );
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForFunction(
        () => document.querySelector('#message')?.textContent === 'cancelled',
        null,
        {
          timeout: 60_000,
        },
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
