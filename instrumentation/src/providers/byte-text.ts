// Byte helpers for the stream readers: cheap native searches on raw bytes before any decoding or JSON parsing.

const decoder = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

/** One array holding the parts in order (the part itself when there is only one). */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return EMPTY;
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** UTF-8 text of the bytes; invalid sequences become U+FFFD rather than throwing. */
export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Where `text` first occurs in the bytes at or after `from`, or -1. */
export function indexOfText(bytes: Uint8Array, text: string, from = 0): number {
  return asBuffer(bytes).indexOf(text, from, 'utf8');
}

/**
 * Whether the bytes hold `"key"` followed by `:` and an object, so `"usage":{"prompt_tokens":...}` matches but the
 * `"usage":null` every OpenAI chunk carries under include_usage does not (those chunks are never parsed).
 * @param linePrefix skipped at the start of each line, for SSE data split over several `data:` lines
 */
export function hasObjectKey(bytes: Uint8Array, key: string, linePrefix?: Uint8Array): boolean {
  const quoted = `"${key}"`;
  let at = indexOfText(bytes, quoted);
  while (at !== -1) {
    let i = skipSpace(bytes, at + quoted.length, linePrefix);
    if (bytes[i] === 0x3a /* : */) {
      i = skipSpace(bytes, i + 1, linePrefix);
      if (bytes[i] === 0x7b /* { */) return true;
    }
    at = indexOfText(bytes, quoted, at + 1);
  }
  return false;
}

function skipSpace(bytes: Uint8Array, i: number, linePrefix: Uint8Array | undefined): number {
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09) i++;
    else if (b === 0x0a || b === 0x0d) {
      i++;
      if (linePrefix && startsWith(bytes, i, linePrefix)) i += linePrefix.length;
    } else break;
  }
  return i;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let j = 0; j < prefix.length; j++) if (bytes[at + j] !== prefix[j]) return false;
  return true;
}
