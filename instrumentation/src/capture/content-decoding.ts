// Lets the registry's reader see decoded bytes when a provider compresses its response. Compressed bodies are kept
// (bounded) and decoded once at the end, synchronously, so the app's stream is never touched or delayed.
import zlib from 'node:zlib';
import type { CapturedUsage, ResponseUsageReader } from '../providers/provider-types.js';

/** Larger compressed bodies are not read for usage (recorded without usage) rather than held in memory. */
const MAX_COMPRESSED_BYTES = 8 * 1024 * 1024;

/** Wraps a reader so it receives decoded bytes; identity (or unknown) encodings pass straight through. */
export function decodingReader(reader: ResponseUsageReader, contentEncoding: string | undefined): ResponseUsageReader {
  const encoding = contentEncoding?.trim().toLowerCase();
  const decode = encoding ? DECODERS[encoding] : undefined;
  if (!decode) return reader;
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    push(chunk) {
      size += chunk.byteLength;
      if (size <= MAX_COMPRESSED_BYTES) chunks.push(chunk);
    },
    finish(): CapturedUsage | undefined {
      if (size <= MAX_COMPRESSED_BYTES && size > 0) {
        try {
          // A cut-off stream still yields what was decoded so far (sync flush instead of an "unexpected end" error).
          reader.push(decode(Buffer.concat(chunks)));
        } catch {
          // Not really compressed as announced: the call is recorded without usage.
        }
      }
      return reader.finish();
    },
  };
}

const DECODERS: Record<string, (input: Buffer) => Buffer> = {
  gzip: (b) => zlib.gunzipSync(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  'x-gzip': (b) => zlib.gunzipSync(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  deflate: (b) => zlib.inflateSync(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  br: (b) => zlib.brotliDecompressSync(b, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }),
};
