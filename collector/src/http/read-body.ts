// Reads a request body with a hard size cap, before and after decompression, so no client can make the collector
// buffer more than it allows.
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Collects the raw body; rejects with 413 as soon as it passes `limit` bytes and 408 if the client stalls. */
export function readRawBody(req: IncomingMessage, limit: number, idleTimeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.resume();
      return reject(new BodyError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: BodyError) => {
      cleanup();
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new BodyError(413, `request body exceeds the limit of ${limit} bytes`));
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => fail(new BodyError(400, `request body could not be read: ${error.message}`));
    // The route answers 408 with Connection: close, which ends the socket once the client has the answer.
    const onTimeout = () => fail(new BodyError(408, `request body stalled for ${idleTimeoutMs} ms`));
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      req.setTimeout(0);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
    req.setTimeout(idleTimeoutMs, onTimeout);
  });
}

/** Undoes Content-Encoding with the same cap on the decompressed size (a gzip bomb gets a 413, not an OOM). */
export async function decodeContent(body: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  try {
    if (name === 'identity' || name === '') return body;
    if (name === 'gzip' || name === 'x-gzip') return await gunzip(body, { maxOutputLength: limit });
    if (name === 'deflate') return await inflate(body, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new BodyError(413, `decompressed body exceeds the limit of ${limit} bytes`);
    throw new BodyError(400, `body is not valid ${name}: ${(error as Error).message}`);
  }
  throw new BodyError(415, `unsupported Content-Encoding '${name}' (use gzip, deflate or none)`);
}
