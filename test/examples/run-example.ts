/**
 * Runs an example as its own Node process, the way a user would, and collects its output.
 * The exit code is part of the check: an example that left a worker, timer or handle open
 * would never exit by itself, and the timeout would kill it instead.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: examples are run from there, as the README says. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How long a test of an example may take: longer than {@link runExample}'s own timeout. */
export const TEST_TIMEOUT = 60_000;

/** What a finished example process left behind. */
export interface ExampleRun {
  /** The exit code, or `null` when a signal (e.g. the timeout's) ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `stdout` split into lines, without the trailing empty one. */
  readonly lines: readonly string[];
}

/**
 * Runs `node --import ./scripts/typescript-loader.mjs examples/<script> ...args` and resolves
 * when it ends, or when `timeout` ms passed and it was killed.
 */
export function runExample(
  script: string,
  args: readonly string[] = [],
  timeout = 45_000,
): Promise<ExampleRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './scripts/typescript-loader.mjs', `examples/${script}`, ...args],
      { cwd: ROOT, timeout, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        const signal = error?.signal ?? null;
        const lines = stdout.split('\n');
        if (lines.at(-1) === '') lines.pop();
        resolve({ code, signal, stdout, stderr, lines });
      },
    );
  });
}

/** A readable failure message: the run's exit status and everything it printed. */
export function describeRun(run: ExampleRun): string {
  return `exit code ${String(run.code)}, signal ${String(run.signal)}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

/** The primes below `limit`, counted by a sieve: independent of the examples' trial division. */
export function countPrimesBelow(limit: number): number {
  const composite = new Uint8Array(limit);
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (composite[n] === 1) continue;
    count++;
    for (let multiple = n * n; multiple < limit; multiple += n) composite[multiple] = 1;
  }
  return count;
}
