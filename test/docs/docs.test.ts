/**
 * Every code example of the guide is a file under docs/examples: this suite checks that the
 * pages show those files verbatim, type-checks them, runs each as a Node process the way a
 * reader would, and compares what it prints with the output the pages show.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPages, syncPage, syncReadme } from '../../scripts/docs-includes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = join(ROOT, 'docs');
const EXAMPLES = join(DOCS, 'examples');
const EXPECTED = join(EXAMPLES, 'expected');

/** Example files that are imported by runnable examples rather than run themselves. */
const MODULES = new Set([
  'tasks.ts',
  'first-program/tasks.ts',
  'fizz-buzz-task.ts',
  'more-tasks.ts',
  'react-square.tsx',
  'vue-square.ts',
  'Square.svelte',
  'run/dom.ts',
  'run/jsdom.d.ts',
]);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: ROOT,
        timeout,
        killSignal: 'SIGKILL',
        env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: join(DOCS, 'tsconfig.json') },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function exampleFiles(): Promise<string[]> {
  const entries = await readdir(EXAMPLES, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(tsx?|svelte)$/.test(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name).slice(EXAMPLES.length + 1))
    .sort();
}

const runnable = (await exampleFiles()).filter((file) => !MODULES.has(file));
const expectedFiles = (await readdir(EXPECTED)).sort();

describe('documentation', () => {
  it('shows every example file verbatim, and has no code block that is not an example', async () => {
    const problems: string[] = [];
    const shown = new Set<string>();
    const readme = join(ROOT, 'README.md');
    for (const path of [...(await findPages(join(DOCS, 'guide'))), readme]) {
      const page = path === readme ? await syncReadme(path, DOCS) : await syncPage(path, DOCS);
      problems.push(...page.problems);
      if (page.changed) problems.push(`${path} is out of date with its examples: run npm run docs`);
      for (const file of page.shows) shown.add(file);
    }
    expect(problems).toEqual([]);
    const notShown = (await exampleFiles())
      .filter((file) => !file.startsWith('run/'))
      .filter((file) => !shown.has(`examples/${file}`));
    expect(notShown).toEqual([]);
    for (const expected of expectedFiles) expect(shown.has(`examples/expected/${expected}`)).toBe(true);
  });

  it('has an expected output for each runnable example, and nothing else', () => {
    expect(runnable.map((file) => `${basename(file).replace(/\.tsx?$/, '')}.txt`).sort()).toEqual(
      expectedFiles,
    );
  });

  it('type-checks every example', async () => {
    const result = await run(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(DOCS, 'tsconfig.json')],
      120_000,
    );
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 130_000);

  describe.each(runnable)('example %s', (file) => {
    it('runs, exits by itself, and prints what the guide shows', async () => {
      const expected = await readFile(join(EXPECTED, `${basename(file).replace(/\.tsx?$/, '')}.txt`), 'utf8');
      const result = await run(
        process.execPath,
        ['--import', './scripts/typescript-loader.mjs', join(EXAMPLES, file)],
        60_000,
      );
      expect({ stdout: result.stdout, code: result.code, stderr: result.stderr }).toEqual({
        stdout: expected,
        code: 0,
        stderr: '',
      });
    }, 70_000);
  });
});
