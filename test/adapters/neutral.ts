/**
 * The platform-neutral main entry, for tests that run in jsdom.
 *
 * Why not 'reactive-futures': under Vitest's jsdom environment, modules are transformed in
 * Vite's web mode, whose asset plugin rewrites `new URL('./child-entry.js', import.meta.url)`
 * in the Node entry's context modules into an http URL, so merely importing the Node entry
 * throws "The URL must be of scheme file" (reported; to be fixed in src/contexts). The
 * bindings under test depend only on this neutral entry.
 */
export * from '../../dist/index.js';
