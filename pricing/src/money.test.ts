// Exact money helpers: formatting and parsing femto-dollars, float-to-decimal reading, and the version hash.

import { describe, expect, it } from 'vitest';
import { fnv1a } from './hash.js';
import { divRoundHalfEven, femtoToUsd, floatToDecimal, parseDecimal, usdToFemto } from './money.js';

describe('femtoToUsd', () => {
  it.each([
    [0, '0'],
    [1, '0.000000000000001'],
    [450_000_000_000, '0.00045'],
    [1e15, '1'],
    [1_500_000_000_000_000, '1.5'],
    [100_000_000, '0.0000001'],
    [123_456_780_000_000, '0.12345678'],
    [Number.MAX_SAFE_INTEGER, '9.007199254740991'],
  ])('%d → %s', (femto, usd) => {
    expect(femtoToUsd(femto)).toBe(usd);
    expect(femtoToUsd(BigInt(femto))).toBe(usd);
  });

  it('formats BigInt amounts beyond 2^53 and negative differences', () => {
    expect(femtoToUsd(60_000_000_330_000_000_000n)).toBe('60000.00033');
    expect(femtoToUsd(-5n)).toBe('-0.000000000000005');
  });

  it('agrees between the Number fast path and the BigInt path', () => {
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const femto = Math.floor((seed / 2147483648) * 10 ** (i % 16)) * 10 ** (i % 3);
      expect(femtoToUsd(femto)).toBe(femtoToUsd(BigInt(femto)));
    }
  });
});

describe('parsing', () => {
  it('reads plain decimals exactly and nothing else', () => {
    expect(parseDecimal('0.0375')).toEqual({ int: 375n, scale: 4 });
    expect(parseDecimal('+12')).toEqual({ int: 12n, scale: 0 });
    for (const bad of ['', '-1', '1e-5', '1.2.3', 'abc', '.5']) expect(parseDecimal(bad)).toBeUndefined();
  });

  it('reads a float as its shortest decimal', () => {
    expect(floatToDecimal(0.15)).toBe('0.15');
    expect(floatToDecimal(1e-7)).toBe('0.0000001');
    expect(floatToDecimal(1.25e-7)).toBe('0.000000125');
    expect(floatToDecimal(1e21)).toBe('1000000000000000000000');
    expect(floatToDecimal(-1)).toBeUndefined();
    expect(floatToDecimal(Number.NaN)).toBeUndefined();
  });

  it('parses USD to femto-dollars, rounding half to even beyond 15 decimals', () => {
    expect(usdToFemto('0.00045')).toBe(450_000_000_000n);
    expect(usdToFemto('0.0000000000000005')).toBe(0n);
    expect(usdToFemto('0.0000000000000015')).toBe(2n);
    expect(usdToFemto('0.00000000000000151')).toBe(2n);
    expect(usdToFemto('x')).toBeUndefined();
  });

  it('rounds half to even', () => {
    expect([5n, 15n, 25n, 26n, 24n].map((n) => divRoundHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 3n, 2n]);
  });
});

describe('fnv1a', () => {
  it('is 64-bit FNV-1a', () => {
    expect(fnv1a('')).toBe('cbf29ce484222325');
    expect(fnv1a('hello world')).toBe('779a65e7023cd2e7');
  });
});
