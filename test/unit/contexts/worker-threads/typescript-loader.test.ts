// Registering tsx in a real worker is proven end to end by test/toolchains (tsx, both commands).
import { describe, expect, it } from 'vitest';
import { tsxLocation } from '../../../../src/contexts/worker-threads/typescript-loader.js';

describe('tsxLocation', () => {
  it('finds tsx in the options `node --import tsx` and `npx tsx` give a worker', () => {
    expect(tsxLocation(['--import', 'tsx'], '/app')).toBe('/app/noop.js');
    expect(tsxLocation(['--import=tsx/esm'], '/app')).toBe('/app/noop.js');
    const loader = 'file:///app/node_modules/tsx/dist/loader.mjs';
    expect(
      tsxLocation(['--require', '/app/node_modules/tsx/dist/preflight.cjs', '--import', loader], '/app'),
    ).toBe('/app/node_modules/tsx/dist/preflight.cjs');
    expect(tsxLocation(['--import', loader], '/app')).toBe(loader);
  });

  it('finds nothing without tsx', () => {
    expect(tsxLocation([], '/app')).toBeUndefined();
    expect(
      tsxLocation(['--max-old-space-size=64', '--import', './other-loader.mjs'], '/app'),
    ).toBeUndefined();
    expect(tsxLocation(['--import'], '/app')).toBeUndefined();
  });
});
