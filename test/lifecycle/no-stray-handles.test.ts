import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a script in a fresh Node process; resolves with its output once it exits by itself. */
function runScript(name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './scripts/typescript-loader.mjs', `test/lifecycle/scripts/${name}`],
      { cwd: root, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error.code as number | null), stdout, stderr }),
    );
  });
}

describe('no stray handles', () => {
  it('exits by itself after shutdown() resolved', async () => {
    const run = await runScript('shutdown-then-exit.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('completed completed completed stopped');
  });

  it('exits by itself when idle workers were never shut down', async () => {
    const run = await runScript('idle-without-shutdown.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('25 36');
  });

  it('awaits the termination of a force-cancelled task in shutdown(), then exits by itself', async () => {
    const run = await runScript('force-cancel-then-shutdown.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('cancelled stopped');
  });

  it('stays alive while a task runs, then exits by itself', async () => {
    const run = await runScript('pending-task-keeps-alive.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('completed slept');
  });
});
