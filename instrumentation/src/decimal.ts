// Exact decimal text for costs: money never goes through binary float arithmetic here.

const DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * A non-negative cost as an exact decimal string, or undefined when it is not one.
 * Numbers are written as their shortest round-trip decimal, expanded from exponent form.
 * @example toDecimalString(0.1) === '0.1'; toDecimalString(1.5e-7) === '0.00000015'; toDecimalString('-1') === undefined
 */
export function toDecimalString(value: string | number | undefined): string | undefined {
  if (typeof value === 'string') return DECIMAL.test(value.trim()) ? value.trim() : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const text = String(value);
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = match[1]! + (match[2] ?? '');
  const exponent = Number(match[3]);
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  return digits.padEnd(exponent + 1, '0');
}
