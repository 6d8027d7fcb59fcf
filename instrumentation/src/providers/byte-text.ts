// Byte helpers for the stream readers: cheap native searches on raw bytes before any decoding or JSON parsing.

const decoder = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

/** One array holding the parts in order (the part itself when there is only one). Small results come from
 * Node's Buffer pool: a fresh ArrayBuffer per stream chunk costs several times more than the copy. */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return EMPTY;
  let size = 0;
  for (const part of parts) size += part.length;
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A copy of the bytes (`Buffer#slice` would share memory with a buffer the caller may reuse). */
export function copyBytes(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

/** UTF-8 text of the bytes; invalid sequences become U+FFFD rather than throwing. */
export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A Buffer view of the bytes (no copy): Buffer's native indexOf is several times faster than Uint8Array's. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Where `text` first occurs in the bytes at or after `from`, or -1. */
export function indexOfText(bytes: Uint8Array, text: string, from = 0): number {
  return asBuffer(bytes).indexOf(text, from, 'utf8');
}

/**
 * Where `needle` (two bytes or more) first occurs at or after `from`, or -1. Node's single-byte search costs about a
 * tenth of its Buffer-needle search per call (~200 ns on Node 20, which dominated stream scanning), so this looks
 * for the needle's second byte natively and compares the rest in place.
 */
export function findBytes(bytes: Buffer, needle: Uint8Array, from = 0): number {
  const probe = needle[1]!;
  for (let i = bytes.indexOf(probe, from + 1); i !== -1; i = bytes.indexOf(probe, i + 1)) {
    if (bytesAt(bytes, i - 1, needle)) return i - 1;
  }
  return -1;
}

/** Where `needle` last occurs starting at or before `from`, or -1. See findBytes. */
export function findLastBytes(bytes: Buffer, needle: Uint8Array, from: number): number {
  const probe = needle[1]!;
  if (from < 0) return -1;
  for (let i = bytes.lastIndexOf(probe, from + 1); i >= 1; i = i > 1 ? bytes.lastIndexOf(probe, i - 1) : -1) {
    if (bytesAt(bytes, i - 1, needle)) return i - 1;
  }
  return -1;
}

/** Whether `needle` occurs in the bytes exactly at `start` (byte by byte: cheaper than a native call for a few). */
export function bytesAt(bytes: Uint8Array, start: number, needle: Uint8Array): boolean {
  if (start < 0 || start + needle.length > bytes.length) return false;
  for (let k = 0; k < needle.length; k++) if (bytes[start + k] !== needle[k]) return false;
  return true;
}

/**
 * Finds JSON keys whose value is an object (`"usage":{...}`, not the `"usage":null` every OpenAI chunk carries under
 * include_usage) in ascending byte ranges of one chunk, with one native search per occurrence of a key in the whole
 * chunk rather than one per event. Events without such a key are never decoded or parsed.
 */
export class ObjectKeyFinder {
  private readonly needles: Buffer[];
  private readonly next: number[];
  private chunk: Buffer = Buffer.alloc(0);

  /** @param linePrefix skipped at the start of each line, for SSE data split over several `data:` lines */
  constructor(
    keys: readonly string[],
    private readonly linePrefix?: Uint8Array,
  ) {
    this.needles = keys.map((key) => Buffer.from(`"${key}"`));
    this.next = this.needles.map(() => -1);
  }

  /** Starts searching a new chunk. */
  reset(chunk: Buffer): void {
    this.chunk = chunk;
    for (let k = 0; k < this.needles.length; k++) this.next[k] = findBytes(chunk, this.needles[k]!);
  }

  /** Whether bytes [start, end) of the current chunk hold a key with an object value. Ranges must not go back. */
  inRange(start: number, end: number): boolean {
    let found = false;
    for (let k = 0; k < this.needles.length; k++) {
      const needle = this.needles[k]!;
      let at = this.next[k]!;
      if (at !== -1 && at < start) at = findBytes(this.chunk, needle, start);
      while (at !== -1 && at < end && !found) {
        if (this.objectFollows(at + needle.length, end)) found = true;
        else at = findBytes(this.chunk, needle, at + 1);
      }
      this.next[k] = at;
    }
    return found;
  }

  /** Whether the bytes hold a key with an object value (bytes outside a chunk, e.g. an event joined from parts). */
  in(bytes: Uint8Array): boolean {
    this.reset(asBuffer(bytes));
    return this.inRange(0, bytes.length);
  }

  private objectFollows(i: number, end: number): boolean {
    i = this.skipSpace(i, end);
    if (this.chunk[i] !== 0x3a /* : */) return false;
    i = this.skipSpace(i + 1, end);
    return i < end && this.chunk[i] === 0x7b; /* { */
  }

  private skipSpace(i: number, end: number): number {
    const bytes = this.chunk;
    const prefix = this.linePrefix;
    while (i < end) {
      const b = bytes[i];
      if (b === 0x20 || b === 0x09) i++;
      else if (b === 0x0a || b === 0x0d) {
        i++;
        if (prefix && i + prefix.length <= end && prefix.every((p, j) => bytes[i + j] === p)) i += prefix.length;
      } else break;
    }
    return i;
  }
}
