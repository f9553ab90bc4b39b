/**
 * A small stand-in for the part of Vitest's API that the contract suite uses (`describe`,
 * `it`, `it.each`, the four hooks, `expect`, and the test context's `skip()`), so that the
 * suite runs unchanged in a Chromium page. The harness aliases `vitest` to this module, then
 * calls {@link runCollected} and reports the results to the Node side.
 */
export { expect } from './expect.js';

type Hook = () => unknown;
interface TestContext {
  /** Ends the test as skipped. */
  skip(note?: string): never;
}
type TestBody = (context: TestContext) => unknown;

interface Suite {
  readonly name: string;
  readonly parent: Suite | undefined;
  readonly children: (Suite | TestCase)[];
  readonly beforeAll: Hook[];
  readonly afterAll: Hook[];
  readonly beforeEach: Hook[];
  readonly afterEach: Hook[];
}
interface TestCase {
  readonly name: string;
  readonly body: TestBody;
  readonly timeout: number;
}

/** The outcome of one test. */
export interface TestResult {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly error?: string;
  readonly note?: string;
  readonly duration: number;
}

const DEFAULT_TIMEOUT = 30_000;
const root: Suite = makeSuite('', undefined);
let current = root;

class SkipSignal extends Error {
  constructor(readonly note: string | undefined) {
    super('skipped');
  }
}

function makeSuite(name: string, parent: Suite | undefined): Suite {
  return { name, parent, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
}

/** Groups tests. */
export function describe(name: string, body: () => void): void {
  const suite = makeSuite(name, current);
  current.children.push(suite);
  const previous = current;
  current = suite;
  try {
    body();
  } finally {
    current = previous;
  }
}

/** Declares a test. */
export function it(name: string, body: TestBody, timeout = DEFAULT_TIMEOUT): void {
  current.children.push({ name, body, timeout });
}
it.each =
  <T>(rows: readonly T[]) =>
  (name: string, body: (row: T) => unknown, timeout = DEFAULT_TIMEOUT): void => {
    for (const row of rows) it(formatName(name, row), () => body(row), timeout);
  };
export { it as test };

export function beforeAll(hook: Hook): void {
  current.beforeAll.push(hook);
}
export function afterAll(hook: Hook): void {
  current.afterAll.push(hook);
}
export function beforeEach(hook: Hook): void {
  current.beforeEach.push(hook);
}
export function afterEach(hook: Hook): void {
  current.afterEach.push(hook);
}

function formatName(name: string, row: unknown): string {
  return name.replace(/%[isdj]/, () => JSON.stringify(row));
}

function withTimeout<T>(promise: Promise<T>, timeout: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeout} ms`)), timeout);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

function chain(suite: Suite): Suite[] {
  const suites: Suite[] = [];
  for (let at: Suite | undefined = suite; at !== undefined; at = at.parent) suites.unshift(at);
  return suites;
}

/**
 * Runs every collected test in order. `classify` may turn a failure into a skip (with a note)
 * for a reason the harness knows about (e.g. no shared memory on this page).
 */
export async function runCollected(
  onResult: (result: TestResult) => void,
  classify: (error: unknown) => string | undefined = () => undefined,
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const report = (result: TestResult): void => {
    results.push(result);
    onResult(result);
  };

  async function runSuite(suite: Suite, prefix: string): Promise<void> {
    const path = suite.name === '' ? prefix : `${prefix}${suite.name} > `;
    let setupError: unknown;
    try {
      for (const hook of suite.beforeAll)
        await withTimeout(Promise.resolve(hook()), DEFAULT_TIMEOUT, 'beforeAll');
    } catch (error) {
      setupError = error;
    }
    for (const child of suite.children) {
      if ('children' in child) {
        if (setupError === undefined) await runSuite(child, path);
        continue;
      }
      const name = `${path}${child.name}`;
      const started = performance.now();
      if (setupError !== undefined) {
        const note = classify(setupError);
        report(
          note === undefined
            ? { name, status: 'failed', error: `beforeAll failed: ${describeError(setupError)}`, duration: 0 }
            : { name, status: 'skipped', note, duration: 0 },
        );
        continue;
      }
      let failure: unknown;
      let skipped: SkipSignal | undefined;
      const suites = chain(suite);
      try {
        for (const each of suites) {
          for (const hook of each.beforeEach) {
            await withTimeout(Promise.resolve(hook()), DEFAULT_TIMEOUT, 'beforeEach');
          }
        }
        const context: TestContext = {
          skip: (note) => {
            throw new SkipSignal(note);
          },
        };
        await withTimeout(
          Promise.resolve().then(() => child.body(context)),
          child.timeout,
          'the test',
        );
      } catch (error) {
        if (error instanceof SkipSignal) skipped = error;
        else failure = error;
      }
      try {
        for (const each of [...suites].reverse()) {
          for (const hook of each.afterEach) {
            await withTimeout(Promise.resolve(hook()), DEFAULT_TIMEOUT, 'afterEach');
          }
        }
      } catch (error) {
        failure ??= error;
      }
      const duration = performance.now() - started;
      if (skipped !== undefined && failure === undefined) {
        report({ name, status: 'skipped', note: skipped.note ?? 'skipped by the suite', duration });
      } else if (failure !== undefined) {
        const note = classify(failure);
        report(
          note === undefined
            ? { name, status: 'failed', error: describeError(failure), duration }
            : { name, status: 'skipped', note, duration },
        );
      } else {
        report({ name, status: 'passed', duration });
      }
    }
    for (const hook of suite.afterAll) {
      try {
        await withTimeout(Promise.resolve(hook()), DEFAULT_TIMEOUT, 'afterAll');
      } catch (error) {
        report({ name: `${path}(afterAll)`, status: 'failed', error: describeError(error), duration: 0 });
      }
    }
  }

  await runSuite(root, '');
  return results;
}
