/**
 * The package as users get it: `npm pack`, installed offline into a fresh project outside the
 * repository, then used from Node ESM, Node CommonJS (require of ESM, where Node supports it)
 * and TypeScript with `moduleResolution` `bundler` and `nodenext`. Run after `npm run build`.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
/** Optional peers the bindings need (and Node's types), linked from the repository: the install stays offline. */
const PEERS = ['react', '@types/react', 'vue', 'rxjs', '@preact/signals-core', 'svelte', '@types/node'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' } },
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

let work: string;
let consumer: string;
let tarballPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reactive-futures-pack-'));
  const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  tarballPath = join(work, tarball as string);

  consumer = join(work, 'consumer');
  await mkdir(consumer);
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  );
  const installed = await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball as string)],
    consumer,
  );
  expect(installed.code, installed.stderr).toBe(0);
  for (const peer of PEERS) {
    const target = join(consumer, 'node_modules', peer);
    await mkdir(join(target, '..'), { recursive: true });
    await symlink(join(ROOT, 'node_modules', peer), target, 'dir');
  }

  await writeFile(
    join(consumer, 'tasks.mjs'),
    `export function square(n) { return n * n; }
export function* count(limit) { for (let i = 1; i <= limit; i++) yield i; return 'counted'; }
`,
  );
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('passes publint --strict', async () => {
    const result = await run(
      process.execPath,
      [join(ROOT, 'node_modules/publint/src/cli.js'), 'run', tarballPath, '--strict'],
      work,
    );
    expect(result.stdout + result.stderr).toContain('All good!');
    expect(result.code).toBe(0);
  }, 120_000);

  it('passes attw (are the types wrong?) for an ESM-only package', async () => {
    const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    const result = await run(
      process.execPath,
      [attw, tarballPath, '--profile', 'esm-only', '--format', 'ascii'],
      work,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain('❌');
  }, 120_000);

  it('installs with no runtime dependency', async () => {
    const listed = await readdir(join(consumer, 'node_modules'));
    expect(listed.filter((name) => !PEERS.some((peer) => peer.split('/')[0] === name)).sort()).toEqual([
      '.bin',
      '.package-lock.json',
      'reactive-futures',
    ]);
    // The one command the package installs: the distributed context's runner.
    expect(await readdir(join(consumer, 'node_modules', '.bin'))).toEqual(['reactive-futures-runner']);
  });

  it('runs tasks in worker threads from Node ESM, and its bindings work', async () => {
    await writeFile(
      join(consumer, 'main.mjs'),
      `import { Executor, submitCall, submitIteration, taskModule } from 'reactive-futures';
import { waitFor } from 'reactive-futures/testing';
import { items$ } from 'reactive-futures/rxjs';
import { futureSignal } from 'reactive-futures/signals';
import { futureStore } from 'reactive-futures/svelte';
import { lastValueFrom, toArray } from 'rxjs';

const tasks = taskModule(new URL('./tasks.mjs', import.meta.url));
const executor = new Executor({ maxWorkers: 2 });
const square = submitCall(executor, tasks.square, 9);
const inline = submitCall(executor, (a, b) => a + b, 1, 2);
const signal = futureSignal(square);
const states = [];
futureStore(inline).subscribe((snapshot) => states.push(snapshot.state));
const counted = submitIteration(executor, tasks.count, 3);
const items = await lastValueFrom(items$(counted).pipe(toArray()));
await waitFor(square, 'done', (f) => f.done, { timeout: 10000 });
await waitFor(inline, 'done', (f) => f.done, { timeout: 10000 });
console.log(square.result, inline.result, items.join(','), counted.result, signal.value.state, states.at(-1));
await executor.shutdown({ timeout: 10000 });
`,
    );
    const result = await run(process.execPath, ['main.mjs'], consumer);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('81 3 1,2,3 counted completed completed\n');
    expect(result.code).toBe(0);
  }, 60_000);

  it.runIf(process.features.require_module)(
    'loads from CommonJS through require() of ESM, where Node supports it',
    async () => {
      await writeFile(
        join(consumer, 'main.cjs'),
        `const { Executor, InlineContext, submitCall } = require('reactive-futures');
const executor = new Executor({ context: new InlineContext() });
const future = submitCall(executor, () => 'from CommonJS');
future.settled().then(async () => {
  console.log(future.result);
  await executor.shutdown();
});
`,
      );
      const result = await run(process.execPath, ['--no-warnings', 'main.cjs'], consumer);
      expect(result.stdout).toBe('from CommonJS\n');
      expect(result.code).toBe(0);
    },
    60_000,
  );

  describe.each(['bundler', 'nodenext'])(
    'type-checks a TypeScript consumer (moduleResolution %s)',
    (resolution) => {
      it('with every entry point', async () => {
        const directory = join(consumer, `ts-${resolution}`);
        await mkdir(directory);
        await writeFile(
          join(directory, 'tsconfig.json'),
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022',
              module: resolution === 'bundler' ? 'ESNext' : 'NodeNext',
              moduleResolution: resolution,
              strict: true,
              exactOptionalPropertyTypes: true,
              noUncheckedIndexedAccess: true,
              skipLibCheck: false,
              noEmit: true,
              lib: ['ES2022', 'DOM'],
              // Under nodenext the 'node' condition selects the Node entry, whose context
              // options use types of node:worker_threads: Node consumers need @types/node.
              types: resolution === 'nodenext' ? ['node'] : [],
            },
            include: ['*.ts'],
          }),
        );
        await writeFile(
          join(directory, 'consumer.ts'),
          `import { Executor, InlineContext, WorkerContext, submitCall, submitIteration, type FutureSnapshot } from 'reactive-futures';
import { currentTask, TaskCancelled } from 'reactive-futures/worker';
import { ManualScheduler, waitFor } from 'reactive-futures/testing';
import { useExecutor, useFuture, useFutureEvents } from 'reactive-futures/react';
import { useFuture as useVueFuture } from 'reactive-futures/vue';
import { futureStore } from 'reactive-futures/svelte';
import { items$, snapshots$ } from 'reactive-futures/rxjs';
import { futureSignal } from 'reactive-futures/signals';

const scheduler = new ManualScheduler();
const executor = new Executor({ context: new InlineContext({ schedule: scheduler.schedule }) });
const call = submitCall(executor, (n: number) => n * 2, 21);
const iteration = submitIteration(executor, function* () { yield 'item'; return 1; });
const snapshot: FutureSnapshot<number> = call.getSnapshot();
const latest: string | undefined = iteration.getSnapshot().latestItem;
// @ts-expect-error the argument must be a number
submitCall(executor, (n: number) => n, 'not a number');
// The bundler recipe's import: every condition TypeScript resolves has a WorkerContext.
export const uses = [WorkerContext, snapshot, latest, currentTask, TaskCancelled, waitFor, useExecutor, useFuture, useFutureEvents,
  useVueFuture, futureStore(call), items$(iteration), snapshots$(call), futureSignal(call).value.state];
`,
        );
        const result = await run(process.execPath, [TSC, '-p', directory], directory);
        expect(result.stdout + result.stderr).toBe('');
        expect(result.code).toBe(0);
      }, 120_000);
    },
  );
});
