/**
 * Packs the library once for every toolchain project, and makes sure the second Node they run
 * on is at hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureNode } from '../../scripts/ensure-node.mjs';
import { REPO } from './support.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `npm pack` tarball of the built library. */
    tarball: string;
    /** The Node 24 binary (scripts/ensure-node.mjs). */
    node24: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = await mkdtemp(join(tmpdir(), 'reactive-futures-toolchains-'));
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${work}`);
  project.provide('tarball', join(work, tarball));
  project.provide('node24', ensureNode('24'));
  return () => rm(work, { recursive: true, force: true });
}
