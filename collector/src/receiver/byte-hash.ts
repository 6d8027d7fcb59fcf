// A cheap hash of a short byte range for the decoder's caches: the length and up to the first and last four bytes.
// The byte strings that repeat in OTLP bodies differ there (counters and ids at the end, keys in length or suffix);
// hashing every byte would cost as much as the comparison a cache hit still has to make.

export function byteHash(buf: Uint8Array, start: number, end: number): number {
  let hash = Math.imul(end - start, 0x9e3779b1);
  const headEnd = Math.min(end, start + 4);
  for (let i = start; i < headEnd; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  for (let i = Math.max(headEnd, end - 4); i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  return hash ^ (hash >>> 15);
}
