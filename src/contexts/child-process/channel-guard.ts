/**
 * The parent's guard on a child process's IPC channel: bytes that something in the child wrote
 * to the channel's file descriptor are a crashed child, never a crash of the parent nor a future
 * that waits for ever.
 *
 * Node frames each `advanced` IPC message as a 32-bit big-endian length and the serialized
 * value; its reader (`onread` of the channel's pipe) keeps the bytes of a message until that
 * length has come. Foreign bytes show up in one of three ways:
 * - they do not deserialize: the reader throws (an uncaught exception in the parent if left);
 * - they deserialize to a value that is not a child's message: the caller says so with
 *   {@link ChannelGuard.foreign};
 * - their header declares more bytes than follow: the reader waits, and takes every later
 *   message of the child as part of that one.
 *
 * For the last, whenever a message stays incomplete for {@link CHECK_INTERVAL_MS}, the guard asks
 * the child to answer a check carrying a fresh nonce. The child writes its answer after every
 * byte it wrote before, so on a channel in step the answer arrives as a message. If the answer's
 * exact bytes show up inside the incomplete message instead, the channel is out of step. What
 * decides is bytes, not time: the interval only sets how soon a check is made, and a message
 * that is merely long (many reads) is never mistaken for a corruption. Reads that end on a
 * message boundary, the usual case, cost one property read. A child that closes its channel in
 * the middle of a message is not judged here: it is ending, and its exit code or signal says more.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { serialize } from 'node:v8';
import { channelAnswer, type ChannelCheck } from './protocol.js';

/** How long a message may stay incomplete before the guard checks the channel. */
const CHECK_INTERVAL_MS = 50;

/** What the guard of one child's channel is told by the code that reads its messages. */
export interface ChannelGuard {
  /** The child answered the check `nonce`: the channel was in step up to that answer. */
  answered(nonce: string): void;
  /** A message arrived that no child sends: the channel is out of step. */
  foreign(message: unknown): void;
}

/**
 * Guards `child`'s channel; calls `corrupted` once, with what was seen, when bytes that are not
 * messages came. The caller then ends the child. Only Node's own reader is wrapped: where Node
 * keeps it differently, only {@link ChannelGuard.foreign} still detects anything.
 */
export function guardChannel(child: ChildProcess, corrupted: (reason: string) => void): ChannelGuard {
  return new ChannelWatch(child, corrupted);
}

/** The parent's end of the channel, as Node's reader keeps it (internal: found by symbol descriptions). */
interface ChannelHandle {
  onread?: unknown;
  /** Set by Node's reader after each read: whether part of a message is kept. */
  buffering?: unknown;
  [key: symbol]: unknown;
}

/** A check sent to the child and not yet answered. */
interface PendingCheck {
  readonly nonce: string;
  /** The exact bytes of the child's answer on the wire: length header and serialized value. */
  readonly frame: Buffer;
  /** The array of kept chunks last scanned (Node replaces it when a message completes). */
  chunks: unknown;
  /** How many of `chunks` were scanned. */
  scanned: number;
  /** The last bytes scanned, for an answer split across chunks. */
  carry: Buffer;
}

const NO_BYTES = Buffer.alloc(0);

class ChannelWatch implements ChannelGuard {
  readonly #child: ChildProcess;
  readonly #corrupted: (reason: string) => void;
  readonly #handle: ChannelHandle | undefined;
  /** Key of the array of chunks Node's reader keeps for an incomplete message. */
  readonly #kept: symbol | undefined;
  #failed = false;
  #check: PendingCheck | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(child: ChildProcess, corrupted: (reason: string) => void) {
    this.#child = child;
    this.#corrupted = corrupted;
    const handle = findSymbol(child, 'kChannelHandle');
    const channel = handle === undefined ? undefined : (child as unknown as ChannelHandle)[handle];
    if (typeof channel !== 'object' || channel === null) return;
    this.#handle = channel as ChannelHandle;
    this.#kept = findSymbol(channel, 'kMessageBuffer');
    this.#wrapReader(this.#handle);
  }

  answered(nonce: string): void {
    if (this.#check?.nonce === nonce) this.#check = undefined;
  }

  foreign(message: unknown): void {
    this.#fail(`a value arrived that is not a message a child sends: ${describe(message)}`);
  }

  #wrapReader(handle: ChannelHandle): void {
    const read = handle.onread;
    if (typeof read !== 'function') return;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the reader is called with the pipe as `this`
    const watch = this;
    handle.onread = function guardedRead(this: unknown, buffer: unknown): unknown {
      // After a corruption, data is dropped; the end of the stream (no buffer) still closes it.
      if (watch.#failed && buffer !== undefined) return undefined;
      let result: unknown;
      try {
        result = (read as (this: unknown, buffer: unknown) => unknown).call(this, buffer);
      } catch (error) {
        watch.#fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        return undefined;
      }
      if (handle.buffering === true) watch.#watch();
      return result;
    };
  }

  /** A read left part of a message kept: check the channel soon, unless a check is due already. */
  #watch(): void {
    if (this.#timer !== undefined || this.#failed) return;
    this.#timer = setTimeout(this.#tick, CHECK_INTERVAL_MS);
    this.#timer.unref();
  }

  readonly #tick = (): void => {
    this.#timer = undefined;
    if (this.#failed || this.#handle?.buffering !== true) return;
    if (this.#check === undefined) {
      this.#send();
    } else if (this.#answerKept(this.#check)) {
      this.#fail(
        `a message header ${this.#declared()}, and the child's answer to a check sent later arrived inside that message, so those bytes were not a message`,
      );
      return;
    }
    this.#watch();
  };

  #send(): void {
    if (!this.#child.connected) return; // It is exiting; its `close` ends its tasks.
    const nonce = randomUUID();
    const body = serialize(channelAnswer(nonce));
    const frame = Buffer.alloc(4 + body.length);
    frame.writeUInt32BE(body.length, 0);
    body.copy(frame, 4);
    const chunks = this.#chunks();
    // What is kept now came before the answer can have been written: scan only what follows.
    this.#check = {
      nonce,
      frame,
      chunks,
      scanned: Array.isArray(chunks) ? chunks.length : 0,
      carry: NO_BYTES,
    };
    this.#child.send({ type: 'check', nonce } satisfies ChannelCheck);
  }

  /** Whether the exact bytes of the answer to `check` are among the kept (unparsed) bytes. */
  #answerKept(check: PendingCheck): boolean {
    const chunks = this.#chunks();
    if (!Array.isArray(chunks)) return false;
    if (chunks !== check.chunks) {
      check.chunks = chunks;
      check.scanned = 0;
      check.carry = NO_BYTES;
    }
    const { frame } = check;
    for (; check.scanned < chunks.length; check.scanned++) {
      const chunk: unknown = chunks[check.scanned];
      if (!(chunk instanceof Uint8Array)) return false;
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (bytes.includes(frame)) return true;
      if (check.carry.length > 0) {
        const edge = Buffer.concat([check.carry, bytes.subarray(0, frame.length - 1)]);
        if (edge.includes(frame)) return true;
      }
      const tail = bytes.length >= frame.length - 1 ? bytes : Buffer.concat([check.carry, bytes]);
      check.carry = Buffer.from(tail.subarray(Math.max(0, tail.length - (frame.length - 1))));
    }
    return false;
  }

  #chunks(): unknown {
    return this.#kept === undefined ? undefined : this.#handle?.[this.#kept];
  }

  /** "declared N bytes", from the header of the kept message, or "was cut short". */
  #declared(): string {
    const first: unknown = (this.#chunks() as unknown[] | undefined)?.[0];
    if (!(first instanceof Uint8Array) || first.length < 4) return 'was cut short';
    const length = new DataView(first.buffer, first.byteOffset, 4).getUint32(0);
    return `declared ${length} bytes`;
  }

  #fail(reason: string): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#check = undefined;
    clearTimeout(this.#timer);
    this.#corrupted(reason);
  }
}

function findSymbol(object: object, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(object).find((each) => each.description === description);
}

function describe(value: unknown): string {
  try {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return typeof value;
  }
}
