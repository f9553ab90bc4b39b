// Build step after `tsc`: bundles each Node entry that starts a worker thread or a child process
// into one file, in place. A fresh worker otherwise imports ~30 small modules before it can take
// a task, which costs a cold start and a forced cancel (a respawn) 15–25 ms (bench/profiles/).
//
// The modules whose state a task module shares with the runtime stay separate files, imported by
// the bundle: a task that imports `transfer`, `currentTask` or `TaskCancelled` (from
// 'reactive-futures/worker' or the main entry) must meet the very objects the runtime checks.
// Usage: node scripts/bundle-entries.mjs (run by `npm run build`).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** The entries Node starts directly, relative to dist/. */
const ENTRIES = ['contexts/worker-threads/worker-entry.js', 'contexts/child-process/child-entry.js'];

/** Modules holding state a task module shares with the runtime, relative to dist/. */
const SHARED = ['core/errors.js', 'core/transfer.js', 'worker/current-task.js'].map((file) =>
  resolve(dist, file),
);

for (const entry of ENTRIES) {
  const file = resolve(dist, entry);
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [keepShared(dirname(file))],
  });
  const imports = new Set(
    [...(await readFile(file, 'utf8')).matchAll(/^import .* from "(\.[^"]+)";$/gm)].map((match) => match[1]),
  );
  console.log(`bundled dist/${entry}, importing ${[...imports].join(', ')}`);
}

/** Leaves the {@link SHARED} modules as imports of their built files, relative to `outDir`. */
function keepShared(outDir) {
  return {
    name: 'keep-shared-modules',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!SHARED.includes(target)) return undefined;
        const path = relative(outDir, target);
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}
