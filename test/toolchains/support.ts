/**
 * What the toolchain tests share: running a command with a chosen Node, and making a fresh
 * project outside the repository from a folder of test/toolchains/projects/ with the packed
 * library and the project's own dependencies installed by npm (from its cache when it can).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PROJECTS = fileURLToPath(new URL('./projects/', import.meta.url));

/** A finished command. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly cwd: string;
  /** The `node` binary put first on PATH (so `npx`, `tsx`, `vite` run on it). @default this process's */
  readonly node?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** @default 240_000 */
  readonly timeout?: number;
}

/** Runs a command to its end (killed after `timeout`), never throwing. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Run> {
  const node = options.node ?? process.execPath;
  // This suite runs under Vitest: the projects' own runs must not think they are inside it.
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('VITEST') && name !== 'TEST' && name !== 'NODE_OPTIONS',
  );
  const env: Record<string, string | undefined> = {
    ...Object.fromEntries(inherited),
    ...options.env,
    PATH: `${dirname(node)}${delimiter}${process.env['PATH'] ?? ''}`,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  return new Promise((resolve) => {
    execFile(
      command === 'node' ? node : command,
      args,
      {
        cwd: options.cwd,
        env,
        timeout: options.timeout ?? 240_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** `run` that throws, with the output, unless the command succeeds. */
export async function succeed(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` exited with ${String(result.code)}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** A fresh project: its folder, and how to remove it. */
export interface Project {
  readonly directory: string;
  readonly remove: () => Promise<void>;
}

/**
 * Copies test/toolchains/projects/`name` to a new folder and installs its package.json's
 * dependencies plus the packed library, with npm.
 */
export async function createProject(name: string, tarball: string): Promise<Project> {
  const directory = await mkdtemp(join(tmpdir(), `reactive-futures-${name}-`));
  await cp(join(PROJECTS, name), directory, { recursive: true });
  const manifestPath = join(directory, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  manifest.dependencies = { ...manifest.dependencies, 'reactive-futures': `file:${tarball}` };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: directory,
    timeout: 600_000,
  });
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** A static file server for a production build (no headers beyond the content type). */
export async function serveStatic(
  root: string,
): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const types: Readonly<Record<string, string>> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The files of a folder, recursively, relative to it. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}
