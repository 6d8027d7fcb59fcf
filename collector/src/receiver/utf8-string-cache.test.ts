import { expect, test } from 'vitest';
import { decodeUtf8 } from './utf8-string-cache.js';

/** A small seeded generator, so a failure names bytes that can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('every string decodes exactly as Buffer#toString("utf8") would, whatever was cached before it', () => {
  const next = random(0x5eed);
  const alphabet = [0x61, 0x62, 0x2e, 0x5f, 0x31, 0xc3, 0xa9, 0xff, 0xe2, 0x82, 0xac, 0xef, 0xbf, 0xbd, 0x80];
  // Short strings over a tiny alphabet: the same lengths, heads and tails again and again, so slots collide and
  // ASCII, multi-byte, invalid and U+FFFD-encoding sequences keep replacing each other in the cache.
  const strings: Buffer[] = [];
  for (let i = 0; i < 400; i++) {
    const length = 1 + Math.floor(next() * 12);
    strings.push(Buffer.from(Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]!)));
  }
  const body = Buffer.concat(strings);
  for (let round = 0; round < 20; round++) {
    let start = 0;
    for (const s of strings) {
      const end = start + s.length;
      expect(decodeUtf8(body, start, end)).toBe(s.toString('utf8'));
      start = end;
    }
  }
});

test('invalid Latin-1 bytes never come back as the accented string whose UTF-8 they are not', () => {
  // Every pair of accented letters: first decoded from its UTF-8 bytes (4), then from its Latin-1 bytes (2), which
  // are invalid UTF-8. Any slot the two share must not hand back the first string for the second bytes.
  for (let x = 0xc0; x <= 0xff; x++) {
    for (let y = 0x80; y <= 0xff; y++) {
      const text = String.fromCharCode(x, y);
      const utf8 = Buffer.from(text, 'utf8');
      const latin1 = Buffer.from(text, 'latin1');
      expect(decodeUtf8(utf8, 0, utf8.length)).toBe(text);
      expect(decodeUtf8(latin1, 0, 2)).toBe(latin1.toString('utf8'));
    }
  }
});

test('a repeated ASCII string comes back as the same string; long and empty ones decode too', () => {
  const body = Buffer.from('gen_ai.usage.input_tokens|gen_ai.usage.input_tokens');
  const first = decodeUtf8(body, 0, 25);
  expect(first).toBe('gen_ai.usage.input_tokens');
  expect(decodeUtf8(body, 26, 51)).toBe(first);
  const long = Buffer.from('x'.repeat(100));
  expect(decodeUtf8(long, 0, 100)).toBe('x'.repeat(100));
  expect(decodeUtf8(long, 5, 5)).toBe('');
});
