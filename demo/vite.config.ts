/**
 * The gallery's Vite config: a production build (`vite build demo`) with the workers bundled
 * as ES modules. `reactive-futures` resolves to the package's own build (`dist/`, through its
 * exports map); `reactive-futures/browser-worker` is mapped here until the exports map has it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const dist = (file: string): string => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      {
        find: /^reactive-futures\/browser-worker$/,
        replacement: dist('contexts/web-worker/browser-worker.js'),
      },
    ],
  },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
});
