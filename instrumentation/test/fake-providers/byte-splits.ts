// Deterministic ways to cut a byte stream, so stream readers are tested against every kind of chunk boundary.

/** The bytes cut at random points (a seeded PRNG, so a failure reproduces), chunks of 1 to `max` bytes. */
export function randomSplits(bytes: Uint8Array, seed: number, max = 64): Uint8Array[] {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length;) {
    const size = 1 + Math.floor(next() * max);
    chunks.push(bytes.slice(i, i + size));
    i += size;
  }
  return chunks;
}

/** One chunk per byte. */
export function byteByByte(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

/** Every way of cutting the bytes in two. */
export function everyCutInTwo(bytes: Uint8Array): Uint8Array[][] {
  return Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.slice(0, i), bytes.slice(i)]);
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
