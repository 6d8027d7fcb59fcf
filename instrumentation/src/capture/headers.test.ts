import { describe, expect, it } from 'vitest';
import { headerRecord, headerValue, withHeaders } from './headers.js';

describe('headerRecord', () => {
  it('reads undici raw Buffer pairs, [name, value] pairs, objects and Headers', () => {
    expect(
      headerRecord([
        Buffer.from('Content-Type'),
        Buffer.from('text/event-stream'),
        Buffer.from('X-A'),
        Buffer.from('1'),
        Buffer.from('x-a'),
        Buffer.from('2'),
      ]),
    ).toEqual({ 'content-type': 'text/event-stream', 'x-a': '1, 2' });
    expect(headerRecord([['Authorization', 'Bearer k']])).toEqual({ authorization: 'Bearer k' });
    expect(headerRecord({ Accept: ['a', 'b'], 'content-length': 3 })).toEqual({ accept: 'a, b', 'content-length': '3' });
    expect(headerRecord(new Headers({ 'X-Key': 'v' }))).toEqual({ 'x-key': 'v' });
    expect(headerRecord(null)).toEqual({});
  });
});

describe('headerValue', () => {
  it('reads one header from every shape, as headerRecord would', () => {
    const raw = [
      Buffer.from('Content-Type'),
      Buffer.from('text/event-stream'),
      Buffer.from('X-A'),
      Buffer.from('1'),
      Buffer.from('x-a'),
      Buffer.from('2'),
    ];
    expect(headerValue(raw, 'content-type')).toBe('text/event-stream');
    expect(headerValue(raw, 'x-a')).toBe('1, 2');
    expect(headerValue(raw, 'content-encoding')).toBeUndefined();
    expect(headerValue({ 'content-length': 3, Accept: ['a', 'b'] }, 'content-length')).toBe('3');
    expect(headerValue({ 'content-length': 3, Accept: ['a', 'b'] }, 'accept')).toBe('a, b');
    expect(headerValue([['Authorization', 'Bearer k']], 'authorization')).toBe('Bearer k');
    expect(headerValue(new Headers({ 'X-Key': 'v' }), 'x-key')).toBe('v');
    expect(headerValue({ baggage: null }, 'baggage')).toBeUndefined();
    expect(headerValue(undefined, 'baggage')).toBeUndefined();
  });
});

describe('withHeaders', () => {
  it('keeps every header (Authorization included) and replaces only the named ones', () => {
    expect(withHeaders({ Authorization: 'Bearer k', 'Content-Length': '10', accept: 'x' }, { 'content-length': '42' })).toEqual({
      authorization: 'Bearer k',
      accept: 'x',
      'content-length': '42',
    });
    expect(withHeaders(['set-x', 'a', 'set-x', 'b'], { baggage: 'k=v' })).toEqual({ 'set-x': ['a', 'b'], baggage: 'k=v' });
  });
});
