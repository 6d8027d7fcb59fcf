// The exporter stage: inserts sealed spool segments into cost_events, one insert per segment, in order, retrying
// with backoff while storage is down; a segment leaves the spool only after ClickHouse acknowledged it.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { COST_EVENTS } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SealedSegment } from './row-spool.js';

export interface ExporterHooks {
  onStored(rows: number, seconds: number): void;
  onError(error: Error): void;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

export class ClickHouseExporter {
  private readonly queue: SealedSegment[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;
  private backoffTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Last insert outcome, for /health. */
  lastError: Error | undefined;

  constructor(
    private readonly store: Store,
    private readonly release: (segment: SealedSegment) => void,
    private readonly hooks: ExporterHooks,
  ) {}

  enqueue(segment: SealedSegment): void {
    this.queue.push(segment);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  get pendingSegments(): number {
    return this.queue.length;
  }

  /** Resolves when every queued segment is stored, or after `timeoutMs` (then the rest stays in the spool). */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while ((this.running || this.queue.length > 0) && Date.now() < deadline) {
      this.backoffTimer?.wake();
      await Promise.race([this.running, sleep(50)]);
    }
    return this.queue.length === 0 && !this.running;
  }

  stop(): void {
    this.stopped = true;
    this.backoffTimer?.wake();
  }

  private async drain(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (this.queue.length > 0 && !this.stopped) {
      const segment = this.queue[0]!;
      const started = process.hrtime.bigint();
      try {
        const rows = await this.insert(segment);
        this.queue.shift();
        this.release(segment);
        this.lastError = undefined;
        backoff = MIN_BACKOFF_MS;
        this.hooks.onStored(rows, Number(process.hrtime.bigint() - started) / 1e9);
      } catch (error) {
        this.lastError = error as Error;
        this.hooks.onError(error as Error);
        await this.wait(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async insert(segment: SealedSegment): Promise<number> {
    let data = await fs.promises.readFile(segment.file);
    // A failed write can leave a zero-filled hole; JSON text never contains a raw NUL, so dropping them is lossless.
    if (data.includes(0)) data = Buffer.from(data.filter((byte) => byte !== 0));
    // exec with a byte stream sends the spool's JSONEachRow text as is (insert() would re-encode objects).
    const result = await this.store.ingest.exec({
      query: `INSERT INTO ${COST_EVENTS} FORMAT JSONEachRow`,
      values: Readable.from([data], { objectMode: false }),
    });
    result.stream.resume();
    return segment.rows >= 0 ? segment.rows : countLines(data);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.backoffTimer = {
        timer,
        wake: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}

function countLines(data: Buffer): number {
  let lines = 0;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
  return lines;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
