// Write-ahead spool: rows are appended to a segment file on disk before the request is acknowledged, so a 200
// survives kill -9. Segments are sealed by size or age (the insert batch) and removed only after ClickHouse stored them.
import fs from 'node:fs';
import path from 'node:path';

export interface SpoolOptions {
  dir: string;
  /** Seal the open segment when it holds this many rows... */
  maxRows: number;
  /** ...or when its first row is this old. */
  maxAgeMs: number;
  /** Refuse appends while sealed-but-unsent segments exceed this many bytes (storage is behind or down). */
  maxBytes: number;
}

export interface SealedSegment {
  file: string;
  rows: number;
  bytes: number;
}

/** Storage is behind and the spool is at its bound: retry later (HTTP 503 + Retry-After). */
export class SpoolFullError extends Error {
  override name = 'SpoolFullError';
}
/** The disk under the spool refused a write (full, read-only, ...): nothing was acknowledged. */
export class SpoolWriteError extends Error {
  override name = 'SpoolWriteError';
}

interface OpenSegment {
  file: string;
  fd: number;
  rows: number;
  bytes: number;
  openedAt: number;
  pending: Set<Promise<void>>;
}

const SEGMENT = /^segment-(\d{12})\.jsonl$/;

export class RowSpool {
  private current: OpenSegment | undefined;
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingBytes = 0;
  private closed = false;
  private readonly sealing = new Set<Promise<void>>();

  constructor(
    private readonly options: SpoolOptions,
    /** Called with each sealed segment, in order. */
    private readonly onSealed: (segment: SealedSegment) => void,
  ) {}

  /** Segments left by a previous run (crash or outage), oldest first; call once before the first append. */
  recover(): SealedSegment[] {
    fs.mkdirSync(this.options.dir, { recursive: true });
    const found: SealedSegment[] = [];
    for (const name of fs.readdirSync(this.options.dir).sort()) {
      const match = SEGMENT.exec(name);
      if (!match) continue;
      this.sequence = Math.max(this.sequence, Number(match[1]));
      const file = path.join(this.options.dir, name);
      const bytes = truncateToLastLine(file);
      if (bytes === 0) {
        fs.rmSync(file, { force: true });
        continue;
      }
      found.push({ file, rows: -1, bytes });
      this.waitingBytes += bytes;
    }
    return found;
  }

  /** Bytes acknowledged but not yet stored. */
  get backlogBytes(): number {
    return this.waitingBytes + (this.current?.bytes ?? 0);
  }

  /** Durably appends rows (one JSON object per line); resolves once the bytes are in the file. */
  async append(lines: string, rows: number): Promise<void> {
    if (this.closed) throw new SpoolWriteError('spool is closed: the collector is shutting down');
    if (this.waitingBytes > this.options.maxBytes) {
      throw new SpoolFullError(`spool holds ${this.waitingBytes} bytes not yet stored (limit ${this.options.maxBytes}); storage is behind or down`);
    }
    const segment = this.current ?? this.open();
    const data = Buffer.from(lines);
    const position = segment.bytes;
    segment.bytes += data.length;
    segment.rows += rows;
    const write = writeAt(segment.fd, data, position);
    segment.pending.add(write);
    if (segment.rows >= this.options.maxRows) this.seal();
    try {
      await write;
    } catch (error) {
      throw new SpoolWriteError(`cannot write spool file ${segment.file}: ${(error as Error).message}`);
    } finally {
      segment.pending.delete(write);
    }
  }

  /** Seals the open segment now (shutdown, tests). */
  seal(): void {
    const segment = this.current;
    if (!segment) return;
    this.current = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waitingBytes += segment.bytes;
    const handedOver = Promise.allSettled([...segment.pending]).then(() => {
      fs.closeSync(segment.fd);
      // A failed write leaves a hole or a torn line; cut back to the last complete line before anyone reads it.
      const bytes = truncateToLastLine(segment.file);
      this.waitingBytes -= segment.bytes - bytes;
      if (bytes === 0) fs.rmSync(segment.file, { force: true });
      else this.onSealed({ file: segment.file, rows: segment.rows, bytes });
    });
    this.sealing.add(handedOver);
    void handedOver.finally(() => this.sealing.delete(handedOver));
  }

  /** Resolves once every sealed segment has been handed to `onSealed`. */
  async handedOver(): Promise<void> {
    await Promise.all([...this.sealing]);
  }

  /** Called by the exporter once a segment's rows are stored. */
  release(segment: SealedSegment): void {
    fs.rmSync(segment.file, { force: true });
    this.waitingBytes -= segment.bytes;
  }

  close(): void {
    this.seal();
    this.closed = true;
  }

  private open(): OpenSegment {
    const file = path.join(this.options.dir, `segment-${String(++this.sequence).padStart(12, '0')}.jsonl`);
    let fd: number;
    try {
      fs.mkdirSync(this.options.dir, { recursive: true });
      fd = fs.openSync(file, 'wx');
    } catch (error) {
      throw new SpoolWriteError(`cannot create spool file ${file}: ${(error as Error).message}`);
    }
    this.current = { file, fd, rows: 0, bytes: 0, openedAt: Date.now(), pending: new Set() };
    this.timer = setTimeout(() => this.seal(), this.options.maxAgeMs);
    this.timer.unref();
    return this.current;
  }
}

function writeAt(fd: number, data: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      fs.write(fd, data, offset, data.length - offset, position + offset, (error, written) => {
        if (error) return reject(error);
        if (offset + written < data.length) return step(offset + written);
        resolve();
      });
    };
    step(0);
  });
}

/** Drops a torn last line (a write cut short by a crash is never acknowledged) and returns the file's size. */
function truncateToLastLine(file: string): number {
  const size = fs.statSync(file).size;
  if (size === 0) return 0;
  const fd = fs.openSync(file, 'r+');
  try {
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - tail.length);
      fs.readSync(fd, tail, 0, end - start, start);
      const newline = tail.subarray(0, end - start).lastIndexOf(10);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end !== size) fs.ftruncateSync(fd, end);
    return end;
  } finally {
    fs.closeSync(fd);
  }
}
