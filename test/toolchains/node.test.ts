/**
 * A Node project as a TypeScript developer has one (test/toolchains/projects/node-app): a `.ts`
 * task module referenced by the recipe `new URL('./tasks.js', import.meta.url)`, inline
 * functions (which tsx's esbuild wraps in `__name`), in worker threads and child processes; run
 * with tsx (both commands), with Node 24's own type stripping, and compiled by `tsc`; and the
 * user's own Vitest test of code that submits the task module. On this Node and on Node 24.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProject, run, succeed, type Project } from './support.js';

/** What src/main.ts prints when every task did what it should. */
const EVERY_TASK_WORKED = Object.fromEntries([
  ...['worker', 'process'].flatMap((context) => [
    [`${context}.module`, 49],
    [`${context}.iteration`, 'counted'],
    [`${context}.objectOfFunctions`, 1],
    [`${context}.namedInner`, 2],
  ]),
  ['worker.movedPort', 'moved'],
]);

const NODES = [
  { name: `Node ${process.versions.node}`, binary: process.execPath, typeStripping: false },
  { name: 'Node 24', binary: inject('node24'), typeStripping: true },
] as const;

let project: Project | undefined;
let cwd: string;

beforeAll(async () => {
  project = await createProject('node-app', inject('tarball'));
  cwd = project.directory;
  await succeed('npx', ['tsc'], { cwd }); // the production build, run below by each Node
});

afterAll(async () => {
  await project?.remove();
});

/** Runs main.ts (or its compiled output) and parses its report. */
async function report(command: string, args: readonly string[], node: string): Promise<unknown> {
  const stdout = await succeed(command, args, { cwd, node });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as unknown;
}

describe.each(NODES)('$name', ({ binary, typeStripping }) => {
  it('npx tsx main.ts: a .ts task module and inline functions, in worker threads and child processes', async () => {
    expect(await report('npx', ['tsx', 'src/main.ts'], binary)).toEqual(EVERY_TASK_WORKED);
  });

  it('node --import tsx main.ts: the same', async () => {
    expect(await report('node', ['--import', 'tsx', 'src/main.ts'], binary)).toEqual(EVERY_TASK_WORKED);
  });

  it('node dist/main.js: the same recipe, compiled by tsc', async () => {
    expect(await report('node', ['dist/main.js'], binary)).toEqual(EVERY_TASK_WORKED);
  });

  if (typeStripping) {
    it('node main.ts: Node strips the types, tasks.js is found as tasks.ts', async () => {
      expect(await report('node', ['src/main.ts'], binary)).toEqual(EVERY_TASK_WORKED);
    });
  }

  it("the user's Vitest test of code that submits a .ts task module, with the docs' one-line setting", async () => {
    const result = await run('npx', ['vitest', 'run'], { cwd, node: binary });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 passed/);
  });

  if (typeStripping) {
    it("the user's Vitest test needs no setting where Node strips types", async () => {
      const result = await run('npx', ['vitest', 'run', '--config', 'vitest.bare.config.ts'], {
        cwd,
        node: binary,
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
    });
  } else {
    it("without the setting, the user's Vitest test fails with a message that names it", async () => {
      // The JSON reporter: Vitest 5's own error printer needs Node 21 (Map.groupBy).
      const args = [
        'vitest',
        'run',
        '--config',
        'vitest.bare.config.ts',
        '--reporter=json',
        '--outputFile=report.json',
      ];
      const result = await run('npx', args, { cwd, node: binary });
      expect(result.code).not.toBe(0);
      const report = await readFile(join(cwd, 'report.json'), 'utf8');
      expect(report).toContain('Could not load task module');
      expect(report).toContain("test: { execArgv: ['--import', 'tsx'] }");
    });
  }
});
