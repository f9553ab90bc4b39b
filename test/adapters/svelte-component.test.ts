// @vitest-environment jsdom
/**
 * A real Svelte 5 component using `$store` on a future store, compiled with svelte/compiler
 * and mounted in jsdom.
 */
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import { countListeners, driveUntil, manualExecutor, stopManual } from './helpers.js';
import { submitCall } from './neutral.js';

// Under Node conditions 'svelte' is the server build, whose mount() throws; the client
// build is imported by path (the compiled component imports svelte/internal/client itself).
const clientBuild: string = '../../node_modules/svelte/src/index-client.js';
const { mount, unmount, flushSync } = (await import(clientBuild)) as typeof import('svelte');

const SOURCE = `<script>
  import { futureStore } from 'reactive-futures/svelte';
  let { future } = $props();
  const snapshot = futureStore(future);
</script>

<p>{$snapshot.state === 'completed' ? 'result ' + $snapshot.result : $snapshot.state}</p>
`;

// Not new URL(…, import.meta.url): Vite's web transform would rewrite it into an asset URL.
const compiledPath = join(dirname(fileURLToPath(import.meta.url)), '.status.compiled.js');
await writeFile(compiledPath, compile(SOURCE, { generate: 'client', filename: 'Status.svelte' }).js.code);
const { default: Status } = (await import(compiledPath)) as {
  default: import('svelte').Component<{ future: unknown }>;
};

afterAll(async () => {
  await rm(compiledPath, { force: true });
});

describe('futureStore in a compiled Svelte component', () => {
  it('renders each snapshot through $store and unsubscribes when unmounted', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, (n: number) => n * 3, 14);
    const counts = countListeners(future);
    const target = document.createElement('div');
    const component = mount(Status, { target, props: { future } });
    flushSync();
    expect(target.textContent).toBe('waiting');
    expect(counts.subscribers).toBe(1);

    await driveUntil(scheduler, () => future.done);
    flushSync();
    expect(target.textContent).toBe('result 42');

    await unmount(component);
    expect(counts.subscribers).toBe(0);
    await stopManual(executor, scheduler);
  });

  it('shows the final snapshot of a future that finished before mounting', async () => {
    const { executor, scheduler } = manualExecutor();
    const future = submitCall(executor, () => 'early');
    await driveUntil(scheduler, () => future.done);
    const target = document.createElement('div');
    const component = mount(Status, { target, props: { future } });
    flushSync();
    expect(target.textContent).toBe('result early');
    await unmount(component);
    await stopManual(executor, scheduler);
  });
});
