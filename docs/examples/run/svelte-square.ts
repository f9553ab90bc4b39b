// Compiles Square.svelte for the server and renders it with a finished future.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Executor, InlineContext, submitCall, type CallFuture } from 'reactive-futures';
import type { Component } from 'svelte';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';

const source = fileURLToPath(new URL('../Square.svelte', import.meta.url));
const compiled = fileURLToPath(new URL('../.square.compiled.js', import.meta.url));
const { js, warnings } = compile(await readFile(source, 'utf8'), { generate: 'server', filename: source });
for (const warning of warnings) console.log(`warning: ${warning.message}`);
await writeFile(compiled, js.code);
try {
  const { default: Square } = (await import(compiled)) as {
    default: Component<{ input: number; future?: CallFuture<number> }>;
  };
  const executor = new Executor({ context: new InlineContext() });
  const future = submitCall(executor, (n: number) => n * n, 12);
  console.log(render(Square, { props: { input: 12 } }).body.replace(/<!--.*?-->/g, ''));
  await future.settled();
  console.log(render(Square, { props: { input: 12, future } }).body.replace(/<!--.*?-->/g, ''));
  await executor.shutdown();
} finally {
  await rm(compiled);
}
