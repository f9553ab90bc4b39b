/**
 * The few globals that platform-neutral code may use: those every host has (Node, browsers,
 * Web Workers). Only tsconfig.core.json includes this file; it proves that core, tasks, the
 * worker runtime, the pool and the inline context need nothing else (no Node, no DOM).
 */
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
declare const console: { error(...data: unknown[]): void; warn(...data: unknown[]): void };
declare const performance: { now(): number };

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  toString(): string;
}
