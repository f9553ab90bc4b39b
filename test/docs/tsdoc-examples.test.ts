/**
 * The `@example` blocks in the doc comments of the framework bindings must compile: each is
 * extracted into a module of its own and type-checked against the built package.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'docs/.site/tsdoc-examples');
const SOURCES = ['src/adapters'];

/** The `@example` code blocks of a source file, without the comment's leading stars. */
function examplesOf(source: string): string[] {
  const blocks: string[] = [];
  for (const comment of source.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const text = (comment[1] as string)
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .join('\n');
    for (const example of text.matchAll(/@example\s*\n```ts\n([\s\S]*?)\n```/g))
      blocks.push(example[1] as string);
  }
  return blocks;
}

afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
});

it('type-checks every @example of the bindings', async () => {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  let count = 0;
  for (const directory of SOURCES) {
    const entries = await readdir(join(ROOT, directory), { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((file) => file.isFile() && file.name.endsWith('.ts'))) {
      const examples = examplesOf(await readFile(join(entry.parentPath, entry.name), 'utf8'));
      for (const [index, example] of examples.entries()) {
        count += 1;
        await writeFile(
          join(OUT, `${entry.name.replace(/\.ts$/, '')}-${index}.ts`),
          `${example}\nexport {};\n`,
        );
      }
    }
  }
  await writeFile(
    join(OUT, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { noEmit: true, lib: ['ES2022', 'DOM'], types: ['node'], noUnusedLocals: false },
      include: ['*.ts'],
    }),
  );
  expect(count).toBeGreaterThanOrEqual(9);
  const output = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', OUT],
      { cwd: ROOT },
      (error, stdout, stderr) => resolve(error === null ? '' : `${stdout}${stderr}`),
    );
  });
  expect(output).toBe('');
}, 120_000);
