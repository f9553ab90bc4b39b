/**
 * Real infrastructure for the distributed tests: a `redis-server` of our own on a free port
 * (with the persistence a test asks for), and runner child processes started through the
 * `reactive-futures-runner` command. Every wait has a timeout; nothing sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository root: the shared root of task modules for contexts and runners. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER_CLI = fileURLToPath(new URL('../../dist/contexts/bullmq/runner-cli.js', import.meta.url));
const LOADER = fileURLToPath(new URL('../../scripts/typescript-loader.mjs', import.meta.url));

/** How long any start or stop may take, in ms (a safety bound, not a timing). */
const START_TIMEOUT = 30_000;

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Resolves when `child` prints a line matching `pattern`; rejects if it exits first or after the timeout. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Timed out after ${START_TIMEOUT} ms waiting for ${what}. Output so far:\n${seen}`));
    }, START_TIMEOUT);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(
        new Error(
          `${what}: the process exited (code ${String(code)}, signal ${String(signal)}). Output:\n${seen}`,
        ),
      );
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A redis-server of the test's own. */
export class TestRedis {
  readonly port: number;
  readonly persistent: boolean;
  readonly #dir: string;
  #process: ChildProcess | undefined;

  private constructor(port: number, persistent: boolean) {
    this.port = port;
    this.persistent = persistent;
    this.#dir = mkdtempSync(`${tmpdir()}/rf-redis-`);
  }

  /** Starts a server on a free port; `persistent`: append-only file, fsync on every write. */
  static async start(options: { persistent?: boolean } = {}): Promise<TestRedis> {
    const redis = new TestRedis(await freePort(), options.persistent === true);
    await redis.restart();
    return redis;
  }

  /** The server's URL. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server again (same port, same folder: with persistence, same data). */
  async restart(): Promise<void> {
    const persistence = this.persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
      : ['--appendonly', 'no', '--save', ''];
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.#dir,
        ...persistence,
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#process = child;
    await waitForLine(child, /Ready to accept connections/, `redis-server on port ${this.port}`);
  }

  /** Stops the server with `signal` (SIGKILL: a crash) and waits until it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#process;
    if (child === undefined) return;
    this.#process = undefined;
    child.kill(signal);
    await exited(child);
  }

  /** Stops the server and deletes its folder. */
  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Options of a runner process. */
export interface RunnerProcessOptions {
  readonly url: string;
  readonly queue: string;
  readonly name: string;
  readonly concurrency?: number;
  readonly lease?: number;
  readonly shutdownGrace?: number;
  readonly allowInlineFunctions?: boolean;
  readonly root?: string;
}

/** A runner child process, started through the `reactive-futures-runner` command. */
export class RunnerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  output = '';

  private constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts a runner and resolves once it is taking jobs. */
  static async start(options: RunnerProcessOptions): Promise<RunnerProcess> {
    const args = [
      '--import',
      LOADER,
      RUNNER_CLI,
      '--redis',
      options.url,
      '--queue',
      options.queue,
      '--name',
      options.name,
      '--root',
      options.root ?? ROOT,
      '--concurrency',
      String(options.concurrency ?? 1),
      '--lease',
      String(options.lease ?? 3000),
      '--shutdown-grace',
      String(options.shutdownGrace ?? 30_000),
    ];
    if (options.allowInlineFunctions !== false) args.push('--allow-inline-functions');
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const runner = new RunnerProcess(options.name, child);
    await waitForLine(child, /ready/, `runner ${options.name}`);
    return runner;
  }

  /** Resolves once the runner printed something matching `pattern`. */
  async printed(pattern: RegExp): Promise<void> {
    await until(() => pattern.test(this.output), `runner ${this.name} to print ${String(pattern)}`);
  }

  /** Sends `signal` and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await exited(this.child);
  }
}

/** A fresh queue name, so that tests never see each other's jobs. */
export function queueName(): string {
  return `q${Math.random().toString(36).slice(2, 10)}`;
}

/** Resolves once `condition()` holds, checking every few ms; rejects after a safety bound. */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT;
  while (!(await condition())) {
    if (performance.now() > deadline)
      throw new Error(`Timed out after ${START_TIMEOUT} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
