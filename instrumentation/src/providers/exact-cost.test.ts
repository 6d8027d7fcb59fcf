// Provider-reported costs stay exact: the raw digits are found in the JSON text and turned into plain decimals
// with string operations only.
import { describe, expect, it } from 'vitest';
import { plainDecimal } from './decimal-text.js';
import { findRawScalar } from './raw-json-value.js';

describe('findRawScalar', () => {
  const text = '{"a":{"b":[1,{"c":0.042513999999999997}],"s":"x\\"y"},"cost":1.50E-7, "weird\\u0020key" : 12,"cost":2}';

  it('returns the digits exactly as written', () => {
    expect(findRawScalar(text, ['a', 'b', 1, 'c'])).toBe('0.042513999999999997');
    expect(findRawScalar(text, ['cost'])).toBe('1.50E-7');
    expect(findRawScalar(text, ['a', 'b', 0])).toBe('1');
  });

  it('returns strings with their quotes and decodes escaped keys', () => {
    expect(findRawScalar(text, ['a', 's'])).toBe('"x\\"y"');
    expect(findRawScalar(text, ['weird key'])).toBe('12');
  });

  it('is undefined for missing paths, other kinds of value and text cut short', () => {
    expect(findRawScalar(text, ['a', 'b'])).toBeUndefined();
    expect(findRawScalar(text, ['a', 'b', 5])).toBeUndefined();
    expect(findRawScalar(text, ['nope'])).toBeUndefined();
    expect(findRawScalar('{"cost":0.12', ['cost'])).toBeUndefined();
    expect(findRawScalar('{"a":"unterminated', ['b'])).toBeUndefined();
    expect(findRawScalar('[1,2]', ['a'])).toBeUndefined();
  });
});

describe('plainDecimal', () => {
  it.each([
    ['0.0020', 0, '0.0020'],
    ['12', 0, '12'],
    ['1.5e-7', 0, '0.00000015'],
    ['1.50E-7', 0, '0.00000015'],
    ['2E+3', 0, '2000'],
    ['37756000', -10, '0.0037756'],
    ['200000000', -10, '0.02'],
    ['10000000000', -10, '1'],
    ['0', -10, '0'],
    ['-0', 0, '0'],
    ['0.5', 2, '50'],
  ])('%s shifted by %i is %s', (text, shift, expected) => {
    expect(plainDecimal(text, shift)).toBe(expected);
  });

  it.each(['-0.01', 'abc', '1.', '.5', '1e999999', 'NaN', '0x10', '01.5e1'])('rejects %j', (text) => {
    expect(plainDecimal(text)).toBeUndefined();
  });
});
