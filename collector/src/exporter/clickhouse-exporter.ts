// The exporter stage: inserts sealed spool segments into cost_events, one insert per segment, in order, retrying
// with backoff while storage is down; a segment leaves the spool only after ClickHouse acknowledged it.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { COST_EVENTS } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { isMalformedDataError } from '../store/clickhouse-errors.js';
import type { SealedSegment } from './row-spool.js';
import { spoolInsertQuery } from './row-encoding.js';

export interface ExporterHooks {
  onStored(rows: number, seconds: number): void;
  /** An insert failed and will be retried. */
  onError(error: Error): void;
  /** A segment's file vanished before it was stored (removed by hand): there is nothing left to retry. */
  onLost(segment: SealedSegment, error: Error): void;
  /** ClickHouse refused a block as malformed: the segment's other blocks are stored, this one was set aside. */
  onQuarantined(segment: SealedSegment, error: Error): void;
}

/** Where stored segments go: the spool deletes them, splits one into its blocks, or keeps a refused block aside. */
export interface SegmentSink {
  release(segment: SealedSegment): void;
  split(segment: SealedSegment): SealedSegment[];
  quarantine(segment: SealedSegment): void;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;
/** An insert in flight at shutdown gets this long to finish before storage is closed under it. */
const STOP_GRACE_MS = 5_000;

export class ClickHouseExporter {
  private readonly queue: SealedSegment[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private backoffTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Last insert outcome, for /health: set while storage fails, cleared by the next success. */
  lastError: Error | undefined;

  constructor(
    private readonly store: Store,
    private readonly sink: SegmentSink,
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

  /**
   * Resolves true once every queued segment is stored; false after `timeoutMs`, or as soon as an attempt made
   * during the flush fails (storage is down: the rest stays in the spool for the next start).
   */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const failures = this.failures;
    while ((this.running || this.queue.length > 0) && Date.now() < deadline && this.failures === failures) {
      this.backoffTimer?.wake();
      await Promise.race([this.running, sleep(50)]);
    }
    return this.queue.length === 0 && !this.running;
  }

  /** Stops retrying; resolves once the insert in flight (if any) has finished, or after a short grace period. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.backoffTimer?.wake();
    await Promise.race([this.running, sleep(STOP_GRACE_MS, false)]);
  }

  private async drain(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (!this.stopped && this.queue.length > 0) {
      try {
        await this.storeFirst();
        this.lastError = undefined;
        backoff = MIN_BACKOFF_MS;
      } catch (error) {
        this.failures++;
        this.lastError = error as Error;
        this.hooks.onError(error as Error);
        await this.wait(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Stores the oldest segment and takes it off the queue; throws (segment kept) when storage failed. */
  private async storeFirst(): Promise<void> {
    const segment = this.queue[0]!;
    const started = process.hrtime.bigint();
    try {
      await this.insert(segment);
    } catch (error) {
      if (!fs.existsSync(segment.file)) {
        // Someone removed the file: nothing left to insert, and retrying would block every later segment.
        this.queue.shift();
        this.sink.release(segment);
        this.hooks.onLost(segment, error as Error);
        return;
      }
      if (!isMalformedDataError(error)) throw error;
      // One block the engine refuses must not block every later row: its segment is stored block by block, and only
      // a block refused on its own is set aside.
      this.queue.shift();
      if (segment.blocks > 1) this.queue.unshift(...this.sink.split(segment));
      else {
        this.sink.quarantine(segment);
        this.hooks.onQuarantined(segment, error as Error);
      }
      return;
    }
    this.queue.shift();
    this.sink.release(segment);
    this.hooks.onStored(segment.rows, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /**
   * Embedded storage reads the segment file itself (no copy through the JS heap); a server gets the file's bytes.
   * Query-level SETTINGS, not clickhouse_settings, which embedded mode turns into session SETs that persist.
   * optimize_on_insert=0: collapsing duplicates inside one insert is FINAL's job anyway, and skipping it makes the
   * insert about 25% faster (measured 150k vs 120k rows/s on embedded storage).
   */
  private async insert(segment: SealedSegment): Promise<void> {
    const settings = 'optimize_on_insert = 0';
    if (this.store.mode === 'embedded') {
      await this.store.ingest.command({ query: spoolInsertQuery(COST_EVENTS, settings, segment.file) });
      return;
    }
    const data = await fs.promises.readFile(segment.file);
    const result = await this.store.ingest.exec({
      query: spoolInsertQuery(COST_EVENTS, settings),
      values: Readable.from([data], { objectMode: false }),
    });
    result.stream.resume();
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

const sleep = (ms: number, keepAlive = true) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (!keepAlive) timer.unref();
  });
