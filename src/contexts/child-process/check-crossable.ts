/**
 * What can really cross between a child process and its parent. Node's IPC serialization
 * (`v8.serialize`) copies plain data, but turns a host object (a `MessagePort`, a `Blob`, a
 * `URL`, a `KeyObject`…) into an empty `{}` without a word, where a worker thread either clones
 * it or refuses it. These checks refuse such values before they are sent, so a task never runs
 * on a silently emptied argument and a future never receives a silently emptied value.
 */

/** The kinds of objects (by `Object.prototype.toString` tag) that cross to a child intact. */
const CROSSABLE_TAGS: ReadonlySet<string> = new Set([
  '[object Object]',
  '[object Array]',
  '[object Date]',
  '[object RegExp]',
  '[object Map]',
  '[object Set]',
  '[object ArrayBuffer]',
  '[object DataView]',
  '[object Int8Array]',
  '[object Uint8Array]',
  '[object Uint8ClampedArray]',
  '[object Int16Array]',
  '[object Uint16Array]',
  '[object Int32Array]',
  '[object Uint32Array]',
  '[object Float32Array]',
  '[object Float64Array]',
  '[object BigInt64Array]',
  '[object BigUint64Array]',
  '[object Error]',
  '[object Boolean]',
  '[object Number]',
  '[object String]',
  '[object BigInt]',
]);

/** Typed arrays and buffers hold bytes only: nothing inside them to check. */
const OPAQUE_TAGS: ReadonlySet<string> = new Set(
  [...CROSSABLE_TAGS]
    .filter((tag) => tag.endsWith('Array]') && tag !== '[object Array]')
    .concat(['[object ArrayBuffer]', '[object DataView]']),
);

/** An argument of a run request cannot cross to a child process. */
export class CrossingError extends TypeError {
  /** The index of the argument in the request. */
  readonly argumentIndex: number;

  constructor(message: string, argumentIndex: number) {
    super(message);
    this.argumentIndex = argumentIndex;
  }
}

/**
 * Checks that each of `args` would reach a child process intact.
 *
 * @throws {CrossingError} for the first argument holding a host object, saying where inside it.
 */
export function assertCrossable(args: readonly unknown[]): void {
  const seen = new Set<object>();
  args.forEach((arg, index) => {
    const where = findHostObject(arg, seen);
    if (where !== undefined) {
      throw new CrossingError(
        `it holds a ${where.tag.slice(8, -1)}${where.path === '' ? '' : ` at ${where.path}`}, which cannot cross to a child process ` +
          '(Node would deliver it as an empty object); pass its data instead (e.g. the bytes of a Blob, the href of a URL)',
        index,
      );
    }
  });
}

/**
 * Where `value`, a value of a task's message that reached the child's main thread from its task
 * thread, holds something the IPC to the parent would empty: "a Blob at .files.0", or
 * `undefined` when it crosses intact. Costs a `typeof` for a primitive.
 *
 * The value came by structured clone, which makes every plain object a fresh `Object`: an object
 * with another prototype is one the clone kept as it was (a `Blob`, a `KeyObject`, a
 * `SocketAddress`…), a host object.
 */
export function findUncrossableResult(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = findHostObject(value, new Set(), true);
  return found === undefined
    ? undefined
    : `a ${found.tag.slice(8, -1)}${found.path === '' ? '' : ` at ${found.path}`}`;
}

/** A host object found inside a value: its tag, and where it sits ("" for the value itself). */
interface Found {
  readonly tag: string;
  readonly path: string;
}

/** Walks `value`; the path of what it finds is built on the way back, so a clean walk allocates no strings. */
function findHostObject(value: unknown, seen: Set<object>, cloned = false): Found | undefined {
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  const tag = Object.prototype.toString.call(value);
  if (!CROSSABLE_TAGS.has(tag)) return { tag, path: '' };
  if (OPAQUE_TAGS.has(tag)) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const entry: unknown = value[index];
      if (typeof entry !== 'object' || entry === null) continue;
      const found = findHostObject(entry, seen, cloned);
      if (found !== undefined) return inside(found, `.${index}`);
    }
    return undefined;
  }
  if (cloned && tag === '[object Object]') {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
      return { tag: `[object ${typeof name === 'string' && name !== '' ? name : 'host object'}]`, path: '' };
    }
  }
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      const inKey = findHostObject(key, seen, cloned);
      if (inKey !== undefined) return inside(inKey, '<key>');
      const inEntry = findHostObject(entry, seen, cloned);
      if (inEntry !== undefined) return inside(inEntry, '.get(…)');
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const entry of value) {
      const found = findHostObject(entry, seen, cloned);
      if (found !== undefined) return inside(found, '<entry>');
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const entry: unknown = (value as Record<string, unknown>)[key];
    if (typeof entry !== 'object' || entry === null) continue;
    const found = findHostObject(entry, seen, cloned);
    if (found !== undefined) return inside(found, `.${key}`);
  }
  return undefined;
}

function inside(found: Found, segment: string): Found {
  return { tag: found.tag, path: segment + found.path };
}
