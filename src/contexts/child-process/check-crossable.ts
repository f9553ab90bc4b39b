/**
 * What a child process can really receive. Node's IPC serialization (`v8.serialize`) copies
 * plain data, but turns a host object (a `MessagePort`, a `Blob`, a `URL`, a `KeyObject`…) into
 * an empty `{}` without a word, where a worker thread either clones it or refuses it. This
 * check refuses such values before they are sent, so a task never runs on a silently emptied
 * argument.
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
    const where = findHostObject(arg, seen, '');
    if (where !== undefined) {
      throw new CrossingError(
        `it holds a ${where.tag.slice(8, -1)}${where.path === '' ? '' : ` at ${where.path}`}, which cannot cross to a child process ` +
          '(Node would deliver it as an empty object); pass its data instead (e.g. the bytes of a Blob, the href of a URL)',
        index,
      );
    }
  });
}

function findHostObject(
  value: unknown,
  seen: Set<object>,
  path: string,
): { readonly tag: string; readonly path: string } | undefined {
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  const tag = Object.prototype.toString.call(value);
  if (!CROSSABLE_TAGS.has(tag)) return { tag, path };
  if (OPAQUE_TAGS.has(tag)) return undefined;
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      const found =
        findHostObject(key, seen, `${path}<key>`) ?? findHostObject(entry, seen, `${path}.get(…)`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const entry of value) {
      const found = findHostObject(entry, seen, `${path}<entry>`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const found = findHostObject((value as Record<string, unknown>)[key], seen, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
