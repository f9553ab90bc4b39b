/**
 * Builds the documentation site: syncs the guide's (and the README's) code blocks with docs/examples, then runs
 * TypeDoc (guide pages plus API reference from the doc comments) into docs/.site/.
 *
 * Usage: node --import ./scripts/typescript-loader.mjs scripts/docs.ts [--check]
 *   --check  only verify that every page is in sync and every code block is an example file;
 *            exit 1 otherwise (for CI). Without it, out-of-date blocks are rewritten.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { findPages, syncPage, syncReadme } from './docs-includes.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const docsRoot = fileURLToPath(new URL('../docs/', import.meta.url));
const check = process.argv.includes('--check');

let failed = false;
// The README's user section shows example files too (paths relative to docs/).
const README = `${root}README.md`;
for (const path of [...(await findPages(`${docsRoot}guide`)), README]) {
  const page = path === README ? await syncReadme(path, docsRoot) : await syncPage(path, docsRoot);
  for (const problem of page.problems) console.error(problem);
  failed ||= page.problems.length > 0;
  if (!page.changed) continue;
  if (check) {
    console.error(`${path}: out of date with its examples; run npm run docs`);
    failed = true;
  } else {
    await writeFile(path, page.text);
    console.log(`updated ${path}`);
  }
}
if (failed) process.exit(1);
if (check) {
  console.log('docs: every page is in sync with its examples');
} else {
  const typedoc = spawnSync(process.execPath, [`${root}node_modules/typedoc/bin/typedoc`], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(typedoc.status ?? 1);
}
