// Provider-reported costs as exact decimal text: JSON number text (maybe in exponent form) in, a plain
// non-negative decimal out, moved by a power of ten with string operations only, never float arithmetic.

const JSON_NUMBER = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
// Far beyond any real cost; keeps hostile exponents (1e999999) from building huge strings.
const MAX_EXPONENT = 64;

/**
 * A plain decimal (`0.0037756`, `12`) for JSON number text times 10^`shift`; the text itself when it is already
 * plain and unshifted (trailing zeros kept, as the provider wrote them). Undefined for negative or malformed input.
 * @example plainDecimal('1.5e-7') === '0.00000015'
 * @example plainDecimal('37756000', -10) === '0.0037756' // xAI cost_in_usd_ticks → USD
 */
export function plainDecimal(text: string, shift = 0): string | undefined {
  const match = JSON_NUMBER.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', exponentText] = match;
  const exponent = Number(exponentText ?? 0) + shift;
  if (!Number.isFinite(exponent) || Math.abs(exponent) > MAX_EXPONENT) return undefined;
  const digits = `${whole}${fraction}`;
  if (sign === '-' && /[1-9]/.test(digits)) return undefined;
  if (exponent === 0 && exponentText === undefined && sign === '') return text.trim();
  // The decimal point sits after `whole.length + exponent` digits of `digits`.
  const point = whole.length + exponent;
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  return fracPart === '' ? intPart : `${intPart}.${fracPart}`;
}

/** A parsed JSON number as decimal text, for when the raw text is not at hand (shortest round-trip digits). */
export function numberToPlainDecimal(value: number, shift = 0): string | undefined {
  return Number.isFinite(value) ? plainDecimal(String(value), shift) : undefined;
}
