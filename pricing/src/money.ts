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
  if (typeof femto === 'number') {
    if (!Number.isInteger(femto)) throw new RangeError(`femtoToUsd: ${femto} is not a whole number of femto-dollars`);
    const text = femto >= 0 && femto <= Number.MAX_SAFE_INTEGER ? safeFemtoToUsd(femto) : undefined;
    if (text !== undefined) return text;
  }
  // BigInt(n) is the exact value of a large double; String(n) would be its shortest round-trip form.
  let digits = typeof femto === 'number' ? BigInt(femto).toString() : femto.toString();
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  if (digits.length <= FEMTO_DIGITS) digits = '0'.repeat(FEMTO_DIGITS + 1 - digits.length) + digits;
  const cut = digits.length - FEMTO_DIGITS;
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end--;
  const text = end === cut ? digits.slice(0, cut) : `${digits.slice(0, cut)}.${digits.slice(cut, end)}`;
  return negative ? `-${text}` : text;
}

// The hot path. Converting a large double to a string costs ~100 ns in V8, small integers (Smis) almost nothing:
// split the 15 fraction digits into a 7-digit and an 8-digit Smi. All arithmetic is exact below 2^53.
function safeFemtoToUsd(femto: number): string | undefined {
  const whole = femto < 1e15 ? 0 : Math.floor(femto / 1e15);
  const frac = femto - whole * 1e15;
  if (frac === 0) return String(whole);
  if (frac < 0 || frac >= 1e15) return undefined;
  let hi = Math.floor(frac / 1e8);
  let lo = frac - hi * 1e8;
  if (lo === 0) {
    let width = 7;
    while (hi % 10 === 0) {
      hi /= 10;
      width--;
    }
    return `${whole}.${padded(hi, width)}`;
  }
  let width = 8;
  while (lo % 10 === 0) {
    lo /= 10;
    width--;
  }
  return `${whole}.${padded(hi, 7)}${padded(lo, width)}`;
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

function padded(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : (ZEROS[width - s.length] as string) + s;
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
