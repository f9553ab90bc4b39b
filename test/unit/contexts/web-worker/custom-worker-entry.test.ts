/**
 * `reactive-futures/custom-worker` (and `reactive-futures/react/custom-worker`): the browser
 * API without the library's own worker entry. A bundler emits a worker chunk for every
 * `new Worker(new URL(…))` in the modules it loads, so these entry points must never reach the
 * module that starts the library's worker; `reactive-futures` must, for `new WorkerContext()`
 * with no options. The module graph is read from the built files (run after `npm run build`);
 * test/toolchains checks the bundles that Vite, webpack and esbuild make from them.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InlineContext } from '../../../../src/contexts/inline/inline-context.js';
import * as browser from '../../../../src/browser.js';
import * as custom from '../../../../src/custom-worker.js';
import * as reactBrowser from '../../../../src/react-browser.js';
import * as reactCustom from '../../../../src/react-custom-worker.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const LIBRARY_WORKER = "new URL('./worker-entry.js', import.meta.url)";

/** The built modules that `file` reaches through relative imports, itself included. */
function reachableModules(file: string): Map<string, string> {
  const modules = new Map<string, string>();
  const pending = [resolve(ROOT, file)];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (modules.has(current)) continue;
    const source = readFileSync(current, 'utf8');
    modules.set(current, source);
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]/g)) {
      pending.push(resolve(dirname(current), match[1]!));
    }
  }
  return modules;
}

/** The reached modules that start the library's own worker entry. */
function startingTheLibraryWorker(file: string): string[] {
  return [...reachableModules(file)]
    .filter(([, source]) => source.includes(LIBRARY_WORKER))
    .map(([path]) => path.slice(ROOT.length));
}

describe('the custom-worker entry points', () => {
  it("reach no module that starts the library's own worker; the default entry points do", () => {
    expect(startingTheLibraryWorker('dist/custom-worker.js')).toEqual([]);
    expect(startingTheLibraryWorker('dist/react-custom-worker.js')).toEqual([]);
    const withDefault = ['dist/contexts/web-worker/default-worker-context.js'];
    expect(startingTheLibraryWorker('dist/browser.js')).toEqual(withDefault);
    expect(startingTheLibraryWorker('dist/react-browser.js')).toEqual(withDefault);
  });

  it('export what `reactive-futures` exports in browsers, under the same names', () => {
    expect(Object.keys(custom).sort()).toEqual(Object.keys(browser).sort());
    expect(Object.keys(reactCustom).sort()).toEqual(Object.keys(reactBrowser).sort());
  });

  it('WorkerContext requires createWorker or workerUrl, and says how to give one or where the default is', () => {
    expect(() => new custom.WorkerContext()).toThrow(TypeError);
    expect(() => new custom.WorkerContext({ maxWorkers: 2 })).toThrow(
      /neither `createWorker` nor `workerUrl`.*new Worker\(new URL\('\.\/tasks\.worker\.ts', import\.meta\.url\).*import WorkerContext from 'reactive-futures'/,
    );
  });

  it('Executor requires a context, and says which', async () => {
    expect(() => new custom.Executor()).toThrow(
      /new Executor\(\) from 'reactive-futures\/custom-worker' was given no `context`.*new WorkerContext\(\{ createWorker.*import Executor from 'reactive-futures'/,
    );
    const context = new InlineContext();
    const executor = new custom.Executor({ context });
    const future = custom.submitCall(executor, (n: number) => n * n, 12);
    expect((await future.settled()).result).toBe(144);
    await executor.shutdown();
  });

  it("while `reactive-futures`'s WorkerContext takes no options (the library's own worker, started when first needed)", async () => {
    const context = new browser.WorkerContext();
    await context.close();
    expect(() => new browser.WorkerContext(null as never)).toThrow(/Expected `options` to be an object/);
  });
});
