#!/usr/bin/env node
/**
 * Serves the gallery's production build (demo/dist, made by `vite build demo`) on localhost,
 * with the headers that make the page cross-origin isolated (COOP/COEP: SharedArrayBuffer, so
 * tasks see cancellation through shared memory) and a Content-Security-Policy without
 * 'unsafe-eval' (task modules work; inline task functions fail with a clear error).
 *
 * Usage: node demo/serve.mjs [--port 4173] [--no-isolation] [--no-csp]
 * Also a module: `startServer({ port: 0, isolated: false })` for the end-to-end tests.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));

/** The policy the gallery is served with: no 'unsafe-eval', no inline scripts. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Starts serving `root`.
 * @param {{ root?: string, port?: number, host?: string, isolated?: boolean, csp?: boolean }} [options]
 *   `isolated` (default true) sends COOP/COEP; `csp` (default true) sends the policy above.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const { root = DIST, port = 4173, host = '127.0.0.1', isolated = true, csp = true } = options;
  const headers = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(isolated
      ? {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
          'Cross-Origin-Resource-Policy': 'same-origin',
        }
      : {}),
    ...(csp ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
  };
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      response.writeHead(403, headers).end('Forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      await stat(file);
    } catch {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  const port = portIndex === -1 ? 4173 : Number(args[portIndex + 1]);
  const isolated = !args.includes('--no-isolation');
  const { url } = await startServer({ port, isolated, csp: !args.includes('--no-csp') });
  console.log(`reactive-futures gallery: ${url}`);
  console.log(
    isolated
      ? '(cross-origin isolated: COOP/COEP headers on; Content-Security-Policy without unsafe-eval)'
      : '(not cross-origin isolated: no SharedArrayBuffer)',
  );
  console.log('Press Ctrl+C to stop.');
}
