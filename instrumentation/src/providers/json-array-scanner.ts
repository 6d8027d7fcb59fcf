// Incremental reader of a streamed JSON array of objects (Gemini `streamGenerateContent` without `alt=sse`):
// finds each top-level element as it completes and parses only those holding a usage key. Bounded per element.
import { copyBytes, joinBytes, ObjectKeyFinder, textOf } from './byte-text.js';
import { MAX_SSE_EVENT_BYTES } from './sse-usage-scanner.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

export class JsonArrayScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inElement = false;
  private parts: Uint8Array[] = [];
  private size = 0;
  private dropping = false;
  private readonly keys: ObjectKeyFinder;

  constructor(
    needles: readonly string[],
    private readonly onElement: (text: string, parsed: unknown) => void,
    private readonly maxElementBytes = MAX_SSE_EVENT_BYTES,
  ) {
    this.keys = new ObjectKeyFinder(needles);
  }

  push(chunk: Uint8Array): void {
    let start = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
        continue;
      }
      if (b === QUOTE) this.inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        this.depth++;
        // An element is an object directly inside the top-level array.
        if (this.depth === 2 && b === OPEN_OBJECT) {
          this.inElement = true;
          start = i;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth === 1 && this.inElement) {
          this.append(chunk.subarray(start, i + 1));
          this.complete();
          start = -1;
        }
      }
    }
    if (this.inElement && start >= 0) this.append(copyBytes(chunk, start));
  }

  private append(bytes: Uint8Array): void {
    if (this.dropping) return;
    this.size += bytes.length;
    if (this.size > this.maxElementBytes) {
      this.dropping = true;
      this.parts = [];
    } else this.parts.push(bytes);
  }

  private complete(): void {
    const bytes = this.dropping ? undefined : joinBytes(this.parts);
    this.inElement = false;
    this.parts = [];
    this.size = 0;
    this.dropping = false;
    if (!bytes || !this.keys.in(bytes)) return;
    const text = textOf(bytes);
    try {
      this.onElement(text, JSON.parse(text));
    } catch {
      // A malformed element holds no usage we can trust.
    }
  }
}
