/**
 * A Vite + React + TypeScript project as `npm create vite` (react-ts) makes it
 * (test/toolchains/projects/vite-react-ts: the template's files, its App replaced by one that
 * uses the bundler recipe of docs/browser.md), type-checked and built by the template's own
 * `npm run build` (`tsc -b && vite build`), served as built, and clicked through in Chromium.
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

beforeAll(async () => {
  project = await createProject('vite-react-ts', inject('tarball'));
  const result = await run('npm', ['run', 'build'], { cwd: project.directory });
  built = { code: result.code, output: result.stdout + result.stderr };
  if (result.code === 0) server = await serveStatic(join(project.directory, 'dist'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
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
