import { describe, expect, it } from 'vitest';
import { headerRecord, withHeaders } from './headers.js';

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
