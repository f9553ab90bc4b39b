// A Node process that used a ProcessContext exits by itself once idle, without close(), and its
// children exit with it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('ProcessContext and process exit', () => {
  it(
    'lets the parent exit by itself when children are idle; the children exit too',
    { timeout: 60_000 },
    async () => {
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', './scripts/typescript-loader.mjs', 'test/faults/fixtures/idle-process-context.ts'],
          { cwd: root, timeout: 45_000 },
          (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : (error.code as number | null), stdout, stderr }),
        );
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.at(-1)).toBe(`42 ${1024 * 1024}`);
      const pids = (lines.find((line) => line.startsWith('pids ')) ?? '').split(' ').slice(1).map(Number);
      expect(pids.length).toBeGreaterThan(0);
      // Children see their IPC channel close and exit; give them a bounded moment to do so.
      const deadline = Date.now() + 10_000;
      while (pids.some(isAlive) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pids.filter(isAlive)).toEqual([]);
    },
  );
});
