import { describe, expect, it } from 'vitest';
import { toDecimalString } from './decimal.js';

describe('toDecimalString', () => {
  it('keeps decimal strings exactly and writes numbers as their shortest decimal', () => {
    expect(toDecimalString('0.000123456789012345678')).toBe('0.000123456789012345678');
    expect(toDecimalString(0.1)).toBe('0.1');
    expect(toDecimalString(1.5e-7)).toBe('0.00000015');
    expect(toDecimalString(2e21)).toBe('2000000000000000000000');
    expect(toDecimalString(12)).toBe('12');
  });

  it('rejects negatives, non-finite numbers and non-decimal text', () => {
    expect(toDecimalString(-1)).toBeUndefined();
    expect(toDecimalString(Number.NaN)).toBeUndefined();
    expect(toDecimalString('1e-3')).toBeUndefined();
    expect(toDecimalString('$1')).toBeUndefined();
    expect(toDecimalString(undefined)).toBeUndefined();
  });
});
