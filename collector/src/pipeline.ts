// The collector's pipeline: receiver output (decoded spans) → processor (priced rows) → spool (durable ack) →
// exporter (batched inserts). One instance per running service.
import path from 'node:path';
import type { Pricer } from '@costtrace/pricing';
import type { DecodedSpan } from './receiver/decoded-span.js';
import { encodeRows } from './exporter/row-encoding.js';
import { processSpans, type ProcessResult } from './processor/span-processor.js';
import { RowSpool } from './exporter/row-spool.js';
import { ClickHouseExporter } from './exporter/clickhouse-exporter.js';
import type { Metrics } from './metrics.js';
import type { Store } from './store/store.js';

export interface PipelineOptions {
  store: Store;
  pricer: () => Pricer;
  metrics: Metrics;
  spoolDir: string;
  batchMaxRows: number;
  batchMaxAgeMs: number;
  batchMinAgeMs: number;
  maxSpoolBytes: number;
}

export class Pipeline {
  readonly spool: RowSpool;
  readonly exporter: ClickHouseExporter;

  constructor(private readonly options: PipelineOptions) {
    const { metrics } = options;
    this.spool = new RowSpool(
      {
        dir: options.spoolDir,
        maxRows: options.batchMaxRows,
        maxAgeMs: options.batchMaxAgeMs,
        minAgeMs: options.batchMinAgeMs,
        maxBytes: options.maxSpoolBytes,
      },
      (segment) => this.exporter.enqueue(segment),
      () => metrics.spoolErrors.inc(),
    );
    this.exporter = new ClickHouseExporter(options.store, this.spool, {
      onStored: (rows, seconds) => {
        metrics.rowsWritten.inc(rows);
        metrics.batchSeconds.observe(seconds);
        metrics.spoolBytes.set(this.spool.backlogBytes);
      },
      onError: () => metrics.insertErrors.inc(),
      onLost: () => metrics.spoolErrors.inc(),
      onQuarantined: () => {
        metrics.segmentsQuarantined.inc();
        metrics.spoolBytes.set(this.spool.backlogBytes);
      },
    });
  }

  /** Replays what a previous run acknowledged but did not store; call once before serving. */
  start(): number {
    const leftover = this.spool.recover();
    for (const segment of leftover) this.exporter.enqueue(segment);
    return leftover.length;
  }

  /**
   * Prices spans and makes their rows durable. Resolves once the rows are in the spool (safe to acknowledge);
   * throws SpoolFullError / SpoolWriteError when they could not be, in which case nothing was acknowledged.
   */
  async accept(spans: DecodedSpan[]): Promise<ProcessResult> {
    const { metrics } = this.options;
    metrics.spansReceived.inc(spans.length);
    const result = processSpans(spans, this.options.pricer());
    if (result.rows.length > 0) {
      await this.spool.append(encodeRows(result.rows), result.rows.length);
      metrics.rowsAccepted.inc(result.rows.length);
      metrics.rowsUnpriced.inc(result.unpriced);
      metrics.spoolBytes.set(this.spool.backlogBytes);
    }
    if (result.rejected > 0) metrics.spansRejected.inc({ reason: 'usage' }, result.rejected);
    return result;
  }

  /** Seals the open batch and waits (up to `timeoutMs`) until everything acknowledged is stored. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    this.spool.seal();
    await this.spool.handedOver();
    return this.exporter.flush(timeoutMs);
  }

  /** Stops accepting and stores what it can within `timeoutMs` (less when storage is down); the rest stays spooled. */
  async close(timeoutMs = 30_000): Promise<boolean> {
    this.spool.close();
    await this.spool.handedOver();
    const drained = await this.exporter.flush(timeoutMs);
    await this.exporter.stop();
    return drained;
  }
}

export function spoolDirOf(dataDir: string): string {
  return path.join(dataDir, 'spool');
}
