// Gives the app back the stream it asked for when costtrace injected `stream_options.include_usage`: removes the
// usage-only chunk (`data: {...,"choices":[],"usage":{...}}` and its blank line) and the `"usage":null` member the
// provider then adds to every other chunk. Every other byte passes through unchanged and in order, whatever the
// chunk boundaries. Each event is handed on as soon as its blank line arrives (an SSE client can use no earlier
// byte of it); an event cut across chunks is held until then, bounded by MAX_HELD_BYTES.
import { asBuffer, bytesAt, findLastBytes, joinBytes } from './byte-text.js';
import type { StreamByteFilter } from './provider-types.js';
import { SseEventSplitter } from './sse-event-splitter.js';
import { isUsageOnlyChunk, nullMemberCut, valueAfterKey, type Cut } from './sse-json-bytes.js';

const USAGE = Buffer.from('"usage"');
/** How OpenAI ends every chunk but the injected one: compact JSON, usage last, one LF-terminated data line. */
const NULL_USAGE_TAIL = Buffer.from(',"usage":null}\n\n');
/** What remains of that tail: the closing brace and the blank line. */
const KEPT_TAIL = NULL_USAGE_TAIL.length - ',"usage":null'.length;
const DATA = Buffer.from('data:');
const LF = 0x0a;
const BLANK_LINE = Buffer.from('\n\n');
const CR = 0x0d;
const EMPTY_BUFFER = Buffer.alloc(0);
const DROP = Symbol('drop');
// Chat chunks are a few hundred bytes; an event larger than this is passed on untouched rather than held.
const MAX_HELD_BYTES = 64 << 10;
/** The fast path's output chunks are cut from one shared slab, like Buffer.allocUnsafe's pool but larger: that 8 KiB
 * pool lasts a few dozen chat chunks, and making each new one cost more than all their copies. */
const SLAB_BYTES = 32 << 10;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let slabUsed = 0;

export class InjectedUsageFilter implements StreamByteFilter {
  /** The general path's state, made when a chunk first needs it (providers send one whole event per chunk). */
  private splitter: SseEventSplitter | undefined;
  /** Copies of the bytes of the event that began in an earlier chunk and has not ended yet. */
  private held: Uint8Array[] = [];
  private heldSize = 0;
  /** The current event outgrew MAX_HELD_BYTES: the rest of it passes through untouched. */
  private passing = false;
  /** The last event ended in a CR and was dropped, so a leading LF belongs to it. */
  private lastDropped = false;
  private out: Pieces | undefined;
  /** The last chunk ended with the LF that ended its last event: nothing held, the splitter at an event start. */
  private atEventStart = true;

  /** @param onUsage receives each event that carries usage: the usage-only chunk it removes, and any event the
   *   provider put a usage object in anyway (a view of the provider's bytes, in stream order) */
  constructor(private readonly onUsage: (event: Uint8Array) => void = () => undefined) {}

  transform(chunk: Uint8Array): Uint8Array {
    const bytes = asBuffer(chunk);
    // Providers write whole events (`data: {...}\n\n`), one per chunk or, when the app reads slower than they send,
    // several: then the splitter has nothing to find and nothing is held.
    const n = bytes.length;
    if (this.atEventStart && n >= 2 && bytes[n - 1] === LF && bytes[n - 2] === LF && bytes.indexOf(CR) === -1) {
      // One `data:` line whose JSON ends in `,"usage":null}`: a member right before the closing brace is top-level.
      if (bytes.indexOf(LF) === n - 2 && bytesAt(bytes, 0, DATA) && bytesAt(bytes, n - NULL_USAGE_TAIL.length, NULL_USAGE_TAIL))
        return withoutNullUsage(bytes);
      return wholeEvents(bytes, chunk, this.onUsage);
    }
    const out = (this.out ??= new Pieces());
    const { tail, ends } = (this.splitter ??= new SseEventSplitter()).split(bytes);
    if (tail > 0 && !this.lastDropped) out.add(bytes, 0, tail);
    let start = tail;
    if (ends.length > 0) {
      let first = 0;
      if (this.passing) {
        out.add(bytes, start, ends[0]!);
        this.lastDropped = false;
        first = 1;
      } else if (this.heldSize > 0) {
        const event = asBuffer(joinBytes([...this.held, bytes.subarray(start, ends[0])]));
        this.lastDropped = emitEvents(event, 0, [event.length], 0, out, this.onUsage);
        first = 1;
      }
      this.resetEvent();
      if (first < ends.length) this.lastDropped = emitEvents(bytes, ends[first - 1] ?? start, ends, first, out, this.onUsage);
      start = ends[ends.length - 1]!;
    }
    if (start < bytes.length) this.hold(bytes, start, out);
    this.atEventStart = start === n && bytes[n - 1] === LF;
    return out.join(bytes, chunk);
  }

  flush(): Uint8Array {
    // An unterminated last event is discarded by SSE parsers anyway; hand its bytes over unchanged.
    const rest = joinBytes(this.held);
    this.resetEvent();
    return rest;
  }

  /** The start of an event that has not ended in this chunk. */
  private hold(bytes: Buffer, start: number, out: Pieces): void {
    if (this.passing) {
      out.add(bytes, start, bytes.length);
      return;
    }
    // The bytes outlive this call: copy them, the caller may reuse its buffer.
    this.held.push(new Uint8Array(bytes.subarray(start)));
    this.heldSize += bytes.length - start;
    if (this.heldSize > MAX_HELD_BYTES) {
      for (const part of this.held) out.add(asBuffer(part), 0, part.length);
      this.held = [];
      this.heldSize = 0;
      this.passing = true;
    }
  }

  private resetEvent(): void {
    this.held = [];
    this.heldSize = 0;
    this.passing = false;
  }
}

/**
 * Adds the complete events [from, ends[last]) of `bytes` to `out`, without the usage-only chunk and without the
 * top-level `"usage":null` member of the others.
 * @param ends where each event ends (ascending); events `first..` are the ones in range
 * @returns whether the last event was dropped
 */
function emitEvents(
  bytes: Buffer,
  from: number,
  ends: readonly number[],
  first: number,
  out: Pieces,
  onUsage: (event: Uint8Array) => void,
): boolean {
  let emitFrom = from;
  let eventStart = from;
  let dropped = false;
  for (let e = first; e < ends.length; e++) {
    const eventEnd = ends[e]!;
    const edit = usageEdit(bytes, eventStart, eventEnd, onUsage);
    dropped = edit === DROP;
    if (edit === DROP) {
      out.add(bytes, emitFrom, eventStart);
      emitFrom = eventEnd;
    } else if (edit) {
      out.add(bytes, emitFrom, edit.start);
      emitFrom = edit.end;
    }
    eventStart = eventEnd;
  }
  out.add(bytes, emitFrom, ends[ends.length - 1]!);
  return dropped;
}

/**
 * What to remove from the complete event [start, end): all of it (the usage-only chunk), its top-level
 * `"usage":null` member, or nothing. An event with a usage object goes to `onUsage`, removed or not.
 */
function usageEdit(bytes: Buffer, start: number, end: number, onUsage: (event: Uint8Array) => void): Cut | typeof DROP | undefined {
  let reported = false;
  // A data object has one top-level `usage`; providers write it last, so search from the end of the event.
  for (let key = findLastBytes(bytes, USAGE, end - USAGE.length); key >= start; key = findLastBytes(bytes, USAGE, key - 1)) {
    const value = valueAfterKey(bytes, key + USAGE.length, end);
    if (value === -1) continue;
    if (bytes[value] === 0x7b /* { */) {
      const event = bytes.subarray(start, end);
      if (!reported) onUsage(event);
      reported = true;
      if (isUsageOnlyChunk(event)) return DROP;
      continue;
    }
    const cut = nullMemberCut(bytes, start, key, value, end);
    if (cut) return cut;
  }
  return undefined;
}

/**
 * A chunk of whole LF-terminated events without the usage-only chunk and the top-level `"usage":null` members: the
 * chunk copied once and compacted in place over each cut, with no view or piece per event. A `data:` event ending
 * in `,"usage":null}` loses those bytes without being delimited (the member right before the closing brace of the
 * data's object is top-level); any other event is read by usageEdit.
 */
function wholeEvents(bytes: Buffer, chunk: Uint8Array, onUsage: (event: Uint8Array) => void): Uint8Array {
  const n = bytes.length;
  let out: Buffer | undefined;
  /** Bytes removed so far, and where the source bytes not yet moved to their place in `out` begin. */
  let removed = 0;
  let pending = 0;
  for (let start = 0; start < n;) {
    // A blank line where an event would start ends an empty one.
    const end = bytes[start] === LF ? start + 1 : bytes.indexOf(BLANK_LINE, start) + 2;
    const tail = end - NULL_USAGE_TAIL.length;
    let cut: Cut | typeof DROP | undefined;
    if (tail > start && bytesAt(bytes, start, DATA) && bytesAt(bytes, tail, NULL_USAGE_TAIL))
      cut = { start: tail, end: tail + NULL_USAGE_TAIL.length - KEPT_TAIL };
    else cut = usageEdit(bytes, start, end, onUsage);
    if (cut === DROP) cut = { start, end };
    if (cut) {
      if (!out) out = n > SLAB_BYTES >> 1 ? Buffer.from(bytes) : copyToSlab(bytes, n);
      else out.copyWithin(pending - removed, pending, cut.start);
      removed += cut.end - cut.start;
      pending = cut.end;
    }
    start = end;
  }
  if (!out) return chunk;
  out.copyWithin(pending - removed, pending, n);
  return out.subarray(0, n - removed);
}

/** The one-event chunk without the `,"usage":null` before its closing brace. */
function withoutNullUsage(bytes: Buffer): Buffer {
  const n = bytes.length;
  const keep = n - NULL_USAGE_TAIL.length;
  if (n > SLAB_BYTES >> 3) {
    const out = Buffer.allocUnsafe(keep + KEPT_TAIL);
    out.set(view(bytes, 0, keep), 0);
    return writeKeptTail(out, keep);
  }
  // The whole chunk is copied (no view of its first part to make), then its tail overwritten by the kept one.
  return writeKeptTail(copyToSlab(bytes, keep + KEPT_TAIL), keep);
}

/** A view of the shared slab's next `length` bytes after copying all of `bytes` there (a new slab when this one is
 * used up); what the view leaves out is used again. */
function copyToSlab(bytes: Buffer, length: number): Buffer {
  if (slabUsed + bytes.length > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  slab.set(bytes, slabUsed);
  const out = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += length;
  return out;
}

/** `}` and the blank line after `keep` bytes, byte by byte: cheaper than a native copy of three bytes. */
function writeKeptTail(out: Buffer, keep: number): Buffer {
  out[keep] = 0x7d;
  out[keep + 1] = LF;
  out[keep + 2] = LF;
  return out;
}

function view(bytes: Buffer, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** The output of one transform: ranges of buffers, adjacent ranges merged, copied once at the end if at all.
 * Reused from one transform to the next. */
class Pieces {
  private readonly buffers: Buffer[] = [];
  private readonly bounds: number[] = [];
  private count = 0;

  add(buffer: Buffer, start: number, end: number): void {
    if (end <= start) return;
    const last = this.count - 1;
    if (last >= 0 && this.buffers[last] === buffer && this.bounds[2 * last + 1] === start) {
      this.bounds[2 * last + 1] = end;
      return;
    }
    this.buffers[this.count] = buffer;
    this.bounds[2 * this.count] = start;
    this.bounds[2 * this.count + 1] = end;
    this.count++;
  }

  /** The bytes, or `chunk` itself when they are exactly all of it (`bytes`, its Buffer view): nothing was removed.
   * Leaves the pieces empty for the next transform. */
  join(bytes: Buffer, chunk: Uint8Array): Uint8Array {
    const count = this.count;
    this.count = 0;
    if (count === 1 && this.buffers[0] === bytes && this.bounds[0] === 0 && this.bounds[1] === bytes.length) return chunk;
    let size = 0;
    for (let i = 0; i < count; i++) size += this.bounds[2 * i + 1]! - this.bounds[2 * i]!;
    // A pooled Buffer: a fresh ArrayBuffer per stream chunk costs several times more than the copy.
    const out = Buffer.allocUnsafe(size);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const buffer = this.buffers[i]!;
      const start = this.bounds[2 * i]!;
      const length = this.bounds[2 * i + 1]! - start;
      out.set(view(buffer, start, start + length), offset);
      offset += length;
    }
    this.buffers.fill(EMPTY_BUFFER, 0, count);
    return out;
  }
}
