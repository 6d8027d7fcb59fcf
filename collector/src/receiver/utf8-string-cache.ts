// UTF-8 → string for protobuf fields, with a small fixed-size cache of short ASCII strings: attribute keys and
// most values (models, providers, features) repeat in every span, and reusing the same string skips both the
// allocation and V8's re-hashing when it becomes a property key.

import { byteHash } from './byte-hash.js';

/** Only strings up to this many bytes are cached; longer ones are rarely repeated. */
const MAX_CACHED_BYTES = 48;
/** Direct-mapped slots (a power of two): memory stays bounded whatever the input, a collision just evicts. */
const SLOTS = 4096;
const cache: string[] = new Array<string>(SLOTS).fill('');

/**
 * Decodes `buf[start, end)` as UTF-8. Invalid sequences become U+FFFD (never throws).
 * The cache compares a candidate string char by char against the bytes, so it holds no reference to any body, and
 * a hit is exact: only strings with as many chars as bytes are stored (see below).
 */
export function decodeUtf8(buf: Buffer, start: number, end: number): string {
  const length = end - start;
  if (length === 0) return '';
  if (length > MAX_CACHED_BYTES) return buf.toString('utf8', start, end);
  const slot = byteHash(buf, start, end) & (SLOTS - 1);
  const cached = cache[slot]!;
  if (cached.length === length) {
    let i = 0;
    while (i < length && cached.charCodeAt(i) === buf[start + i]) i++;
    if (i === length) return cached;
  }
  const decoded = buf.toString('utf8', start, end);
  // As many chars as bytes means no multi-byte sequence: every char is ASCII or a U+FFFD for an invalid byte, which
  // no byte equals. A string with é (two bytes) must never be stored: its chars would match the invalid bytes E9.
  if (decoded.length === length) cache[slot] = decoded;
  return decoded;
}
