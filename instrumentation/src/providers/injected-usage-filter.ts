// Removes the usage-only chunk costtrace asked for (`data: {...,"choices":[],"usage":{...}}` and its blank line) from
// the bytes the app reads; every other byte passes through unchanged and in order, whatever the chunk boundaries.
// Bytes are held back only while an event could still be that chunk, i.e. until its `"choices":` value shows.
import { asBuffer, joinBytes, textOf } from './byte-text.js';
import { isObject } from './json-path.js';
import type { StreamByteFilter } from './provider-types.js';
import { SseEventSplitter } from './sse-event-splitter.js';

const CHOICES = Buffer.from('"choices"');
// A usage-only chunk is a few hundred bytes; an undecided event beyond this is passed on.
const MAX_HELD_BYTES = 64 << 10;

export class InjectedUsageFilter implements StreamByteFilter {
  private readonly splitter = new SseEventSplitter();
  /** Bytes of the current event held back while it could still be the usage-only chunk. */
  private held = new Uint8Array(1024);
  private heldSize = 0;
  /** Where to resume looking for `"choices"` in the held bytes (keeps 1-byte chunks linear). */
  private searchFrom = 0;
  /** The current event is known not to be the usage-only chunk: its bytes flow straight through. */
  private passing = false;
  private lastDropped = false;

  transform(chunk: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    const { tail, ends } = this.splitter.split(chunk);
    if (tail > 0 && !this.lastDropped) out.push(chunk.subarray(0, tail));
    let start = tail;
    for (const end of ends) {
      this.feed(chunk.subarray(start, end), out);
      this.endEvent(out);
      start = end;
    }
    if (start < chunk.length) this.feed(chunk.subarray(start), out);
    return joinBytes(out);
  }

  flush(): Uint8Array {
    // An unterminated last event is discarded by SSE parsers anyway; hand its bytes over unchanged.
    const rest = this.held.slice(0, this.heldSize);
    this.resetEvent();
    return rest;
  }

  private feed(bytes: Uint8Array, out: Uint8Array[]): void {
    if (bytes.length === 0) return;
    // Usually an event's first bytes already show its choices: pass them on without holding or copying.
    if (this.passing || (this.heldSize === 0 && notUsageChunk(bytes, 0) === true)) {
      out.push(bytes);
      this.passing = true;
      return;
    }
    this.hold(bytes);
    const verdict = notUsageChunk(this.held.subarray(0, this.heldSize), this.searchFrom);
    if (typeof verdict === 'number') this.searchFrom = verdict;
    if (this.heldSize > MAX_HELD_BYTES || verdict === true) {
      out.push(this.held.slice(0, this.heldSize));
      this.resetEvent();
      this.passing = true;
    }
  }

  private endEvent(out: Uint8Array[]): void {
    this.lastDropped = false;
    if (this.heldSize > 0) {
      const event = this.held.slice(0, this.heldSize);
      if (isUsageOnlyChunk(event)) this.lastDropped = true;
      else out.push(event);
    }
    this.resetEvent();
  }

  private hold(bytes: Uint8Array): void {
    if (this.heldSize + bytes.length > this.held.length) {
      const grown = new Uint8Array(Math.max(this.held.length * 2, this.heldSize + bytes.length));
      grown.set(this.held.subarray(0, this.heldSize));
      this.held = grown;
    }
    this.held.set(bytes, this.heldSize);
    this.heldSize += bytes.length;
  }

  private resetEvent(): void {
    this.heldSize = 0;
    this.searchFrom = 0;
    this.passing = false;
  }
}

/**
 * Decided from an event's first bytes: true once `"choices":` shows a value other than `[]` (not the usage-only
 * chunk), false once it shows `[]` (a candidate, held to its end), else where to resume searching.
 */
function notUsageChunk(bytes: Uint8Array, searchFrom: number): boolean | number {
  const at = asBuffer(bytes).indexOf(CHOICES, searchFrom);
  if (at === -1) return Math.max(0, bytes.length - CHOICES.length);
  let i = skipSpace(bytes, at + CHOICES.length);
  if (i >= bytes.length) return at;
  if (bytes[i] !== 0x3a /* : */) return true;
  i = skipSpace(bytes, i + 1);
  if (i >= bytes.length) return at;
  if (bytes[i] !== 0x5b /* [ */) return true;
  i = skipSpace(bytes, i + 1);
  if (i >= bytes.length) return at;
  return bytes[i] !== 0x5d; /* ] */
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** A complete event whose data is a chunk with empty `choices` and a `usage` object. */
function isUsageOnlyChunk(event: Uint8Array): boolean {
  const data: string[] = [];
  for (const line of textOf(event).split(/\r\n|\r|\n/)) {
    if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  if (data.length === 0) return false;
  try {
    const chunk: unknown = JSON.parse(data.join('\n'));
    return isObject(chunk) && Array.isArray(chunk.choices) && chunk.choices.length === 0 && isObject(chunk.usage);
  } catch {
    return false;
  }
}
