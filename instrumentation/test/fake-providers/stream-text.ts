// Builders for streamed response bodies exactly as providers frame them: SSE text (LF or CRLF) and the AWS binary
// event stream with its CRCs.
import { crc32 } from 'node:zlib';

/** One SSE event: an optional `event:` type and a JSON (or raw string) `data:` payload. */
export interface SseEvent {
  event?: string;
  data: unknown;
}

/** SSE text: `event: x` / `data: {...}` lines, each event ended by a blank line. */
export function sse(events: readonly SseEvent[], eol = '\n'): string {
  return events
    .map(
      ({ event, data }) =>
        `${event === undefined ? '' : `event: ${event}${eol}`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}${eol}${eol}`,
    )
    .join('');
}

/** One AWS event-stream message: `:event-type`, `:content-type` and `:message-type` headers and a JSON payload. */
export function awsEventMessage(eventType: string, payload: unknown): Uint8Array {
  const headers = Buffer.concat([
    stringHeader(':event-type', eventType),
    stringHeader(':content-type', 'application/json'),
    stringHeader(':message-type', 'event'),
  ]);
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + headers.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude), 0);
  const withoutCrc = Buffer.concat([prelude, preludeCrc, headers, body]);
  const messageCrc = Buffer.alloc(4);
  messageCrc.writeUInt32BE(crc32(withoutCrc), 0);
  return new Uint8Array(Buffer.concat([withoutCrc, messageCrc]));
}

/** A whole AWS event stream. */
export function awsEventStream(messages: readonly [string, unknown][]): Uint8Array {
  return new Uint8Array(Buffer.concat(messages.map(([type, payload]) => awsEventMessage(type, payload))));
}

function stringHeader(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name);
  const valueBytes = Buffer.from(value);
  const out = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
  out.writeUInt8(nameBytes.length, 0);
  nameBytes.copy(out, 1);
  out.writeUInt8(7, 1 + nameBytes.length);
  out.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
  valueBytes.copy(out, 4 + nameBytes.length);
  return out;
}
