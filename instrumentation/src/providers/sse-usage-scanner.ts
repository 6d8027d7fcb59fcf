// Incremental SSE scanner for usage: splits events across arbitrary chunk boundaries and JSON-parses only the events
// whose bytes hold a usage key with an object value. Keeps only the current partial event (bounded), never the body.
import { asBuffer, copyBytes, joinBytes, ObjectKeyFinder, textOf } from './byte-text.js';
import { SseEventSplitter } from './sse-event-splitter.js';

/** One parsed event worth reading: its type (`event:` field, else the data's `type`), data text and JSON. */
export type SseUsageEvent = (type: string | undefined, dataText: string, data: unknown) => void;

/** A partial event larger than this is dropped: no provider puts usage in an event this big. */
export const MAX_SSE_EVENT_BYTES = 1 << 20;
const DATA_PREFIX = new TextEncoder().encode('data:');

export class SseUsageScanner {
  private readonly splitter = new SseEventSplitter();
  private readonly keys: ObjectKeyFinder;
  private parts: Uint8Array[] = [];
  private size = 0;
  private dropping = false;

  /**
   * @param needles JSON keys whose object value makes an event worth parsing, e.g. `usage`, `usageMetadata`
   * @param onEvent called for each such event, in order
   */
  constructor(
    needles: readonly string[],
    private readonly onEvent: SseUsageEvent,
    private readonly maxEventBytes = MAX_SSE_EVENT_BYTES,
  ) {
    this.keys = new ObjectKeyFinder(needles, DATA_PREFIX);
  }

  push(chunk: Uint8Array): void {
    const bytes = asBuffer(chunk);
    const { tail, ends } = this.splitter.split(bytes);
    let start = tail;
    let searching = false;
    for (const end of ends) {
      // The common case, an event wholly inside this chunk, is checked in place without copying.
      if (this.parts.length === 0 && !this.dropping) {
        if (!searching) this.keys.reset(bytes);
        searching = true;
        if (end - start <= this.maxEventBytes && this.keys.inRange(start, end)) this.parse(bytes.subarray(start, end));
      } else {
        this.append(bytes.subarray(start, end));
        this.dispatch();
      }
      start = end;
    }
    // The partial event outlives this call: copy it, the caller may reuse its buffer.
    if (start < bytes.length) this.append(copyBytes(bytes, start));
  }

  /** The stream ended: an unterminated last event is discarded, as SSE parsers do. */
  finish(): void {
    this.reset();
  }

  private append(bytes: Uint8Array): void {
    if (this.dropping || bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.maxEventBytes) {
      this.dropping = true;
      this.parts = [];
      return;
    }
    this.parts.push(bytes);
  }

  private dispatch(): void {
    const bytes = this.dropping ? undefined : joinBytes(this.parts);
    this.reset();
    if (bytes && this.keys.in(bytes)) this.parse(bytes);
  }

  private parse(bytes: Uint8Array): void {
    let type: string | undefined;
    const data: string[] = [];
    for (const line of textOf(bytes).split(/\r\n|\r|\n/)) {
      if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      else if (line.startsWith('event:')) type = line.slice(6).trim();
    }
    if (data.length === 0) return;
    const dataText = data.join('\n');
    let parsed: unknown;
    try {
      parsed = JSON.parse(dataText);
    } catch {
      return;
    }
    if (type === undefined && typeof parsed === 'object' && parsed !== null && 'type' in parsed && typeof parsed.type === 'string')
      type = parsed.type;
    this.onEvent(type, dataText, parsed);
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
    this.dropping = false;
  }
}
