import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ResponseUsageReader } from '../providers/provider-types.js';
import { decodingReader } from './content-decoding.js';

function textReader(): ResponseUsageReader & { text: string } {
  return {
    text: '',
    push(chunk) {
      this.text += Buffer.from(chunk).toString();
    },
    finish() {
      return { inputTokens: this.text.length };
    },
  };
}

describe('decodingReader', () => {
  const body = JSON.stringify({ usage: { prompt_tokens: 7 } });

  it('hands decoded bytes to the reader for gzip, deflate and br, split anywhere', () => {
    for (const [encoding, encoded] of [
      ['gzip', zlib.gzipSync(body)],
      ['deflate', zlib.deflateSync(body)],
      ['br', zlib.brotliCompressSync(body)],
    ] as const) {
      const inner = textReader();
      const reader = decodingReader(inner, encoding);
      reader.push(encoded.subarray(0, 5));
      reader.push(encoded.subarray(5));
      expect(reader.finish()).toEqual({ inputTokens: body.length });
      expect(inner.text).toBe(body);
    }
  });

  it('passes identity through and survives a body that is not what it claims', () => {
    const inner = textReader();
    expect(decodingReader(inner, undefined)).toBe(inner);
    const broken = decodingReader(textReader(), 'gzip');
    broken.push(Buffer.from('not gzip'));
    expect(broken.finish()).toEqual({ inputTokens: 0 });
  });
});
