// Exact money: USD amounts as integer femto-dollars (1e-15 USD), Number while provably below 2^53, BigInt beyond.

/** Decimal places of the internal money unit: 1 femto-dollar = 1e-15 USD. */
export const FEMTO_DIGITS = 15;
const FEMTO_PER_USD = 10n ** BigInt(FEMTO_DIGITS);
const DECIMAL = /^\+?(\d+)(?:\.(\d*))?$/;

/** A non-negative decimal as an integer and a power-of-ten scale: 0.0375 → { int: 375n, scale: 4 }. */
export interface ScaledDecimal {
  int: bigint;
  scale: number;
}

/**
 * Parses a non-negative decimal string (no exponent) exactly.
 * @returns the scaled integer, or undefined when the text is not a plain non-negative decimal.
 */
export function parseDecimal(text: string): ScaledDecimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const frac = m[2] ?? '';
  return { int: BigInt((m[1] ?? '0') + frac), scale: frac.length };
}

/**
 * The decimal a binary float stands for: its shortest round-trip representation, exponent expanded.
 * 0.15 → "0.15", 1e-7 → "0.0000001". Returns undefined for negative or non-finite numbers.
 */
export function floatToDecimal(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const text = String(value);
  const exp = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exp) return text;
  const digits = (exp[1] ?? '') + (exp[2] ?? '');
  const point = 1 + Number(exp[3]);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  return point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Divides and rounds half to even: the only rounding this package does, and only where a price is not a whole femto. */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/**
 * Converts `value × 10^-scale` USD per `per` units to femto-dollars per unit as a reduced fraction num/den.
 * 0.15 USD per 1e6 tokens → { num: 150000000n, den: 1n }; 0.111 USD per 3600 seconds → { num: 37000000000000n, den: 1200n }.
 */
export function femtoFraction(d: ScaledDecimal, per: bigint): { num: bigint; den: bigint } {
  let num = d.int * FEMTO_PER_USD;
  let den = 10n ** BigInt(d.scale) * per;
  const g = gcd(num, den);
  if (g > 1n) {
    num /= g;
    den /= g;
  }
  return { num, den };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Formats femto-dollars as a USD decimal string without trailing zeros: 450000000000 → "0.00045", 0 → "0".
 * @example femtoToUsd(1500000000000000n) // "1.5"
 */
export function femtoToUsd(femto: number | bigint): string {
  let digits = String(femto);
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  if (digits.length <= FEMTO_DIGITS) digits = '0'.repeat(FEMTO_DIGITS + 1 - digits.length) + digits;
  const cut = digits.length - FEMTO_DIGITS;
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end--;
  const text = end === cut ? digits.slice(0, cut) : `${digits.slice(0, cut)}.${digits.slice(cut, end)}`;
  return negative ? `-${text}` : text;
}

/**
 * Parses a USD decimal string to femto-dollars, rounding half to even beyond 15 decimals.
 * @returns undefined when the text is not a plain non-negative decimal.
 */
export function usdToFemto(text: string): bigint | undefined {
  const d = parseDecimal(text);
  if (!d) return undefined;
  if (d.scale <= FEMTO_DIGITS) return d.int * 10n ** BigInt(FEMTO_DIGITS - d.scale);
  return divRoundHalfEven(d.int, 10n ** BigInt(d.scale - FEMTO_DIGITS));
}
