// Incremental reader of the AWS binary event stream (`application/vnd.amazon.eventstream`, Bedrock converse-stream
// and invoke-with-response-stream). Each message: total length (u32 BE), headers length (u32 BE), prelude CRC,
// headers, JSON payload, message CRC. CRCs are not checked: a corrupt stream just yields no usage.
import { copyBytes, indexOfText, joinBytes, ObjectKeyFinder, textOf } from './byte-text.js';
import { MAX_SSE_EVENT_BYTES } from './sse-usage-scanner.js';

const PRELUDE = 12;
const MIN_MESSAGE = 16;
const STRING_HEADER = 7;
// Value sizes of the fixed-size header types (0 bool true, 1 bool false, 2 byte, 3 short, 4 int, 5 long, 8 time, 9 uuid).
const FIXED_SIZES: Readonly<Record<number, number>> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

export class AwsEventStreamScanner {
  private pending: Uint8Array = new Uint8Array(0);
  /** Bytes still to skip of a message too large to keep. */
  private skip = 0;
  private broken = false;
  private readonly keys: ObjectKeyFinder;

  /**
   * @param needles JSON keys whose object value makes a payload worth parsing
   * @param onEvent called with the event type and the payload JSON (for invoke streams, the decoded `bytes` JSON)
   */
  constructor(
    needles: readonly string[],
    private readonly onEvent: (type: string | undefined, text: string, parsed: unknown) => void,
    private readonly maxMessageBytes = MAX_SSE_EVENT_BYTES,
  ) {
    this.keys = new ObjectKeyFinder(needles);
  }

  push(chunk: Uint8Array): void {
    if (this.broken) return;
    if (this.skip > 0) {
      const skipped = Math.min(this.skip, chunk.length);
      this.skip -= skipped;
      chunk = chunk.subarray(skipped);
    }
    this.pending = this.pending.length === 0 ? copyBytes(chunk) : joinBytes([this.pending, chunk]);
    while (this.pending.length >= PRELUDE) {
      const view = new DataView(this.pending.buffer, this.pending.byteOffset, this.pending.length);
      const total = view.getUint32(0);
      const headersLength = view.getUint32(4);
      if (total < MIN_MESSAGE || headersLength > total - MIN_MESSAGE) {
        this.broken = true; // Not an event stream (or lost framing): stop rather than guess.
        this.pending = new Uint8Array(0);
        return;
      }
      if (total > this.maxMessageBytes) {
        this.skip = Math.max(0, total - this.pending.length);
        this.pending = this.pending.subarray(Math.min(total, this.pending.length));
        continue;
      }
      if (this.pending.length < total) return;
      this.message(this.pending.subarray(0, total), headersLength);
      this.pending = this.pending.subarray(total);
    }
  }

  private message(message: Uint8Array, headersLength: number): void {
    const headers = readStringHeaders(message.subarray(PRELUDE, PRELUDE + headersLength));
    if (headers[':message-type'] !== undefined && headers[':message-type'] !== 'event') return;
    const payload = message.subarray(PRELUDE + headersLength, message.length - 4);
    try {
      // invoke-with-response-stream wraps each model chunk as base64 in `bytes`; converse-stream sends JSON as is.
      let json = payload;
      if (indexOfText(payload, '"bytes"') !== -1) {
        const outer: unknown = JSON.parse(textOf(payload));
        if (typeof outer !== 'object' || outer === null || !('bytes' in outer) || typeof outer.bytes !== 'string') return;
        json = Buffer.from(outer.bytes, 'base64');
      }
      if (!this.keys.in(json)) return;
      const text = textOf(json);
      this.onEvent(headers[':event-type'], text, JSON.parse(text));
    } catch {
      // Not JSON: no usage in it.
    }
  }
}

/** The string-valued headers of one message (`:event-type`, `:message-type`, `:content-type`). */
function readStringHeaders(bytes: Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let i = 0;
  while (i < bytes.length) {
    const nameLength = bytes[i]!;
    const name = textOf(bytes.subarray(i + 1, i + 1 + nameLength));
    i += 1 + nameLength;
    const type = bytes[i];
    i += 1;
    if (type === STRING_HEADER || type === 6) {
      if (i + 2 > bytes.length) break;
      const length = view.getUint16(i);
      if (type === STRING_HEADER) headers[name] = textOf(bytes.subarray(i + 2, i + 2 + length));
      i += 2 + length;
    } else {
      const size = type === undefined ? undefined : FIXED_SIZES[type];
      if (size === undefined) break;
      i += size;
    }
  }
  return headers;
}
