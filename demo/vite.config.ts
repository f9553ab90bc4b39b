/**
 * The gallery's Vite config: a production build (`vite build demo`) with the workers bundled
 * as ES modules. `reactive-futures` and its subpaths resolve to the package's own build
 * (`dist/`, through its exports map), as they would for an app that installed it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
});
