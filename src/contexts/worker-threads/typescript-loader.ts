/**
 * Registering, inside a worker thread, the TypeScript loader its parent runs under.
 *
 * A worker thread inherits its parent's `execArgv`, so `--import`/`--require` loaders run in it
 * too. Most loaders then register their hooks there; tsx (`npx tsx main.ts`, `node --import tsx
 * main.ts`) deliberately does not on the Node versions where it cannot tell its own hooks thread
 * from a worker (Node 20, and 22/24 before `worker_threads.isInternalThread`). A worker started
 * under tsx would then fail to import a `.ts` task module, or a `./tasks.js` URL that tsx maps to
 * `tasks.ts`, while the user did run under a TypeScript loader. So, when the inherited options
 * name tsx, the worker registers tsx's hooks itself, from the same tsx installation.
 * Registering twice (where tsx did register) is harmless: the first hook to load a file wins.
 */
import { dirname, isAbsolute, join } from 'node:path';

/** The options that take a module to preload, as `execArgv` spells them. */
const PRELOAD_OPTIONS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * Where the parent loaded tsx from: a path or URL inside the tsx package, or the directory from
 * which a bare `tsx` specifier was resolved. `undefined` when `execArgv` names no tsx.
 */
export function tsxLocation(execArgv: readonly string[], cwd: string): string | undefined {
  for (const [index, argument] of execArgv.entries()) {
    const equals = argument.indexOf('=');
    const option = equals === -1 ? argument : argument.slice(0, equals);
    if (!PRELOAD_OPTIONS.has(option)) continue;
    const value = equals === -1 ? execArgv[index + 1] : argument.slice(equals + 1);
    if (value === undefined) continue;
    // `--import tsx` (or `tsx/esm`): resolved, as Node does, from the working directory.
    if (value === 'tsx' || value.startsWith('tsx/')) return join(cwd, 'noop.js');
    // `npx tsx` passes its own files: `--import file:///…/node_modules/tsx/dist/loader.mjs`.
    if (/[\\/]tsx[\\/]dist[\\/]/.test(value)) {
      return value.startsWith('file:') || isAbsolute(value) ? value : join(cwd, value);
    }
  }
  return undefined;
}

/**
 * Registers tsx's ESM hooks in this thread when `execArgv` shows the parent runs under tsx.
 * A tsx that cannot be found again is left alone: the task module's import then fails with a
 * message that names the fix.
 *
 * @returns whether tsx was registered.
 */
export async function registerParentTypeScriptLoader(
  execArgv: readonly string[] = process.execArgv,
  cwd: string = process.cwd(),
): Promise<boolean> {
  const location = tsxLocation(execArgv, cwd);
  if (location === undefined) return false;
  try {
    // Imported only here: a worker that needs none of them starts ~1-2 ms sooner (each is
    // compiled on first use in every new worker).
    const [{ readFile }, { createRequire }, { pathToFileURL }] = await Promise.all([
      import('node:fs/promises'),
      import('node:module'),
      import('node:url'),
    ]);
    const require = createRequire(location.startsWith('file:') ? location : pathToFileURL(location));
    const manifestPath = require.resolve('tsx/package.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
      exports?: Record<string, unknown>;
    };
    // The ESM build of `tsx/esm/api` (its CommonJS build registers hooks by a wrong relative URL).
    const target = importTarget(manifest.exports?.['./esm/api']);
    if (target === undefined) return false;
    const api = (await import(pathToFileURL(join(dirname(manifestPath), target)).href)) as {
      register?: () => unknown;
    };
    if (typeof api.register !== 'function') return false;
    api.register();
    return true;
  } catch {
    return false;
  }
}

/** The file an `exports` entry gives to `import`. */
function importTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const conditions = entry as Record<string, unknown>;
  return importTarget(conditions['import'] ?? conditions['default']);
}
