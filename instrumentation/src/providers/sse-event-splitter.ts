// Finds where server-sent events end in a byte stream cut at arbitrary points: an event ends at a blank line, and
// lines end in CRLF, LF or CR (https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream).
// Shared by the usage scanner (which reads events) and the injected-usage filter (which removes one).
import { asBuffer } from './byte-text.js';

const LF = 10;
const CR = 13;

/** Where events end in one chunk. The object is reused from one `split` to the next: read it before splitting again. */
export interface EventEnds {
  /** Leading bytes (0 or 1) that still belong to the event that ended in the previous chunk: the LF of a CRLF
   * blank line whose CR was that chunk's last byte. */
  tail: number;
  /** Offsets just past each blank line that ends an event in this chunk, ascending. */
  ends: number[];
}

export class SseEventSplitter {
  /** The previous byte ended a line (or nothing has been read yet). */
  private atLineStart = true;
  /** The previous chunk ended in CR, so a leading LF belongs to that terminator. */
  private lastWasCR = false;
  /** ...and that CR was a blank line, i.e. it ended an event. */
  private crEndedEvent = false;
  private readonly result: EventEnds = { tail: 0, ends: [] };

  split(bytes: Uint8Array): EventEnds {
    const chunk = asBuffer(bytes);
    const ends: number[] = (this.result.ends = []);
    const n = chunk.length;
    let tail = 0;
    let i = 0;
    if (this.lastWasCR && n > 0) {
      this.lastWasCR = false;
      if (chunk[0] === LF) {
        i = 1;
        if (this.crEndedEvent) tail = 1;
      }
    }
    // indexOf is native and fast; keeping the next LF and CR positions makes the whole scan linear.
    let nextLF = chunk.indexOf(LF, i);
    let nextCR = chunk.indexOf(CR, i);
    while (i < n) {
      if (nextLF !== -1 && nextLF < i) nextLF = chunk.indexOf(LF, i);
      if (nextCR !== -1 && nextCR < i) nextCR = chunk.indexOf(CR, i);
      const j = nextLF === -1 ? nextCR : nextCR === -1 ? nextLF : Math.min(nextLF, nextCR);
      if (j === -1) {
        this.atLineStart = false;
        break;
      }
      if (j > i) this.atLineStart = false;
      let next = j + 1;
      if (chunk[j] === CR) {
        if (next < n) {
          if (chunk[next] === LF) next++;
        } else {
          this.lastWasCR = true;
          this.crEndedEvent = this.atLineStart;
        }
      }
      if (this.atLineStart) ends.push(next);
      this.atLineStart = true;
      i = next;
    }
    this.result.tail = tail;
    return this.result;
  }
}
