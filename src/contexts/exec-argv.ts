/**
 * Checking the `execArgv` option of the Node contexts when the context is made, so that a
 * flag Node would refuse is one clear error up front, not Node's raw error at every submit.
 *
 * Node's own rules decide, not a list of ours: worker threads accept fewer flags than
 * processes (no V8 or process-wide options), and both change between Node versions.
 */
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { expectedMessage } from '../core/validation.js';

/** Where the flags go: worker threads, or child processes. */
export type ExecArgvTarget = 'worker thread' | 'child process';

/**
 * Checks that `execArgv` is an array of strings that Node accepts for a `target`.
 * For a child process this runs `node <execArgv> --version` once (it only parses the flags,
 * in some tens of milliseconds); for a worker thread it asks Node's `Worker` constructor,
 * which checks the flags before it starts any thread.
 *
 * @throws {TypeError} when `execArgv` is not an array of strings, or Node refuses a flag.
 */
export function assertExecArgv(
  execArgv: unknown,
  target: ExecArgvTarget,
): asserts execArgv is readonly string[] {
  if (!Array.isArray(execArgv) || !execArgv.every((flag) => typeof flag === 'string')) {
    throw new TypeError(expectedMessage('execArgv', 'an array of strings', execArgv));
  }
  const refusal = target === 'worker thread' ? workerRefusal(execArgv) : processRefusal(execArgv);
  if (refusal === undefined) return;
  throw new TypeError(
    `${expectedMessage('execArgv', `Node options that a ${target} accepts`, execArgv)}: ${refusal}`,
  );
}

function workerRefusal(execArgv: readonly string[]): string | undefined {
  try {
    // An uncloneable workerData makes the constructor throw after Node checked execArgv and
    // before it starts a thread. Should a Node version start one anyway, it runs empty code
    // and is ended at once.
    const probe = new Worker('', { eval: true, execArgv: [...execArgv], workerData: Symbol('probe') });
    probe.unref();
    void probe.terminate();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return undefined;
    const flags = (error as Error).message.replace(/^[^:]*:\s*/, '');
    return (
      `Node refuses ${flags}. V8 and process-wide options (such as --max-old-space-size or --expose-gc) ` +
      'cannot be set per worker thread: give them to the main process, use the `resourceLimits` option for memory, ' +
      'or use a ProcessContext.'
    );
  }
  return undefined;
}

function processRefusal(execArgv: readonly string[]): string | undefined {
  const check = spawnSync(process.execPath, [...execArgv, '--version'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (check.status === 0) return undefined;
  // The first line of Node's complaint, without the program name: "bad option: --bogus".
  const said = (check.stderr.trim().split('\n')[0] ?? '').replace(/^\S*node\S*: /, '');
  const why = said === '' ? `\`node ${execArgv.join(' ')} --version\` failed (${describeExit(check)})` : said;
  return `Node refuses them (${why}). Pass only options that \`node\` accepts on its command line.`;
}

function describeExit(check: ReturnType<typeof spawnSync>): string {
  if (check.error !== undefined) return check.error.message;
  return check.signal === null ? `exit code ${String(check.status)}` : `signal ${check.signal}`;
}
