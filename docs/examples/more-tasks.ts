// A second task module for the guide: one input per call (for submitMap), and a task that
// never checks for cancellation.

/** A short checksum of a name (FNV-1a, hex); throws for an empty name. */
export function checksum(name: string): string {
  if (name === '') throw new RangeError('empty file name');
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** Busy for ever without ever checking for cancellation: only a forced cancel ends it. */
export function ignoreCancel(): number {
  let spins = 0;
  for (;;) spins = (spins + 1) % 1_000_000;
}
