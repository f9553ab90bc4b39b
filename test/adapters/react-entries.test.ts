/**
 * `reactive-futures/react` is bound to each platform by the package's export conditions, like
 * the main entry: the browser build must not pull in any Node module. Reads the built files
 * (run after `npm run build`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Conditions {
  readonly [condition: string]: { readonly types: string; readonly default: string };
}

const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, Conditions>;
};

/** Every module specifier the built module at `file` reaches, following relative imports. */
function reachableSpecifiers(file: string): Set<string> {
  const seen = new Set<string>();
  const specifiers = new Set<string>();
  const pending = [resolve(ROOT, file)];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const source = readFileSync(current, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) pending.push(resolve(dirname(current), specifier));
      else specifiers.add(specifier);
    }
  }
  return specifiers;
}

describe('reactive-futures/react entries', () => {
  it('follow the main entry’s conditions: browser, node, then the neutral default', () => {
    const react = manifest.exports['./react']!;
    const main = manifest.exports['.']!;
    expect(Object.keys(react)).toEqual(Object.keys(main));
    expect(react['browser']).toEqual({
      types: './dist/react-browser.d.ts',
      default: './dist/react-browser.js',
    });
    expect(react['node']).toEqual({ types: './dist/react-node.d.ts', default: './dist/react-node.js' });
    expect(react['default']).toEqual({ types: './dist/react.d.ts', default: './dist/react.js' });
  });

  it('the browser build reaches no Node module; the Node build reaches worker_threads', () => {
    const browser = [...reachableSpecifiers('dist/react-browser.js')];
    expect(browser.filter((specifier) => specifier.startsWith('node:'))).toEqual([]);
    expect(browser).toContain('react');
    expect([...reachableSpecifiers('dist/react-node.js')]).toContain('node:worker_threads');
    expect(
      [...reachableSpecifiers('dist/react.js')].filter((specifier) => specifier.startsWith('node:')),
    ).toEqual([]);
  });
});
