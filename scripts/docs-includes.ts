/**
 * Keeps the code blocks of the guide identical to the example files they show.
 *
 * A page marks a block with a comment on the line before its fence:
 *   <!-- include examples/quick-start.ts -->   the block shows that file
 *   <!-- output examples/expected/x.txt -->    the block shows that expected output
 * Paths are relative to `docs/`. A code block in a language that runs (ts, tsx, js, svelte)
 * without a marker is an error: every example must be a file the tests type-check and run.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

const MARKER = /^<!-- (include|output) (\S+) -->$/;
const CODE_LANGUAGES = new Set(['ts', 'tsx', 'js', 'jsx', 'typescript', 'javascript', 'svelte', 'vue']);

/** The result of syncing one page. */
export interface SyncedPage {
  readonly path: string;
  /** The page with every marked block replaced by its file. */
  readonly text: string;
  /** Whether `text` differs from the page on disk. */
  readonly changed: boolean;
  /** Every file a block of the page shows, relative to `docs/`. */
  readonly shows: readonly string[];
  /** What is wrong with the page: unmarked code blocks, missing files, markers without block. */
  readonly problems: readonly string[];
}

/** Every Markdown page under `directory`, recursively. */
export async function findPages(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Replaces the marked blocks of the page at `path` with the files they name. */
export async function syncPage(path: string, docsRoot: string): Promise<SyncedPage> {
  const original = await readFile(path, 'utf8');
  const lines = original.split('\n');
  const output: string[] = [];
  const problems: string[] = [];
  const shows: string[] = [];
  const where = (index: number): string => `${relative(docsRoot, path)}:${index + 1}`;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const marker = MARKER.exec(line);
    const fence = /^```(\S*)\s*$/.exec(line);
    if (marker !== null) {
      output.push(line);
      const file = marker[2] as string;
      // Formatters may put a blank line between the marker and its block.
      while (lines[index + 1] === '') {
        output.push('');
        index++;
      }
      const open = lines[index + 1];
      if (open === undefined || !/^```\S*\s*$/.test(open)) {
        problems.push(`${where(index)}: marker for ${file} is not followed by a code block`);
        continue;
      }
      let close = index + 2;
      while (close < lines.length && lines[close] !== '```') close++;
      if (close >= lines.length) {
        problems.push(`${where(index)}: the code block for ${file} never ends`);
        continue;
      }
      let content: string;
      try {
        content = (await readFile(join(docsRoot, file), 'utf8')).replace(/\s+$/, '');
      } catch {
        problems.push(`${where(index)}: ${file} does not exist`);
        content = '';
      }
      shows.push(file);
      output.push(open, ...(content === '' ? [] : content.split('\n')), '```');
      index = close;
    } else if (fence !== null && fence[1] !== '') {
      if (CODE_LANGUAGES.has(fence[1] as string)) {
        problems.push(
          `${where(index)}: a \`${fence[1]}\` block without an include marker; make it an example file`,
        );
      }
      output.push(line);
      for (index++; index < lines.length && lines[index] !== '```'; index++)
        output.push(lines[index] as string);
      if (index < lines.length) output.push('```');
    } else {
      output.push(line);
    }
  }
  const text = output.join('\n');
  return { path, text, changed: text !== original, shows, problems };
}

/**
 * Syncs the README like a guide page, except that it may also show short unmarked sketches
 * (a line or two about inline functions): only its marked blocks must be example files.
 */
export async function syncReadme(path: string, docsRoot: string): Promise<SyncedPage> {
  const page = await syncPage(path, docsRoot);
  return {
    ...page,
    problems: page.problems.filter((problem) => !problem.includes('without an include marker')),
  };
}
