// A small pure string hash for stable version ids (no node:crypto, so the package runs anywhere).

/**
 * 64-bit FNV-1a of a string's UTF-16 code units, as 16 hex digits. Not cryptographic: it names price sets.
 * @example fnv1a('') // "cbf29ce484222325"
 */
export function fnv1a(text: string): string {
  // Two 32-bit halves keep the arithmetic in exact Number range (Math.imul) instead of BigInt.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // Multiply by the FNV prime 2^40 + 0x1b3: lo·0x1b3 carries into hi, and lo·2^40 lands in hi as lo << 8.
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = loMul >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
