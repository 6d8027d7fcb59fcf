// The collector's pipeline: export bodies → receiver, processor and encoding (in processing threads when there are
// any) → spool (durable ack) → exporter (batched inserts). One instance per running service.
import path from 'node:path';
import type { Pricer } from '@costtrace/pricing';
import type { OtlpEncoding } from './http/otlp-response.js';
import { RowSpool } from './exporter/row-spool.js';
import { workOnExport, type ExportWork } from './worker/export-work.js';
import type { ExportWorkers } from './worker/export-workers.js';
import { ClickHouseExporter } from './exporter/clickhouse-exporter.js';
import type { Metrics } from './metrics.js';
import type { Store } from './store/store.js';

export interface PipelineOptions {
  store: Store;
  pricer: () => Pricer;
  /** Where exports are decoded, priced and encoded; on the calling thread when absent. */
  workers?: ExportWorkers;
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
   * Prices one export body and makes its rows durable. Resolves once the rows are in the spool (safe to acknowledge);
   * throws OtlpDecodeError for an undecodable body, SpoolFullError / SpoolWriteError when the rows could not be made
   * durable, ProcessingThreadError when a processing thread died first: in each case nothing was acknowledged.
   */
  async acceptExport(body: Uint8Array, encoding: OtlpEncoding): Promise<ExportWork> {
    const { metrics, workers } = this.options;
    const work = workers ? await workers.run(body, encoding) : workOnExport(body, encoding, this.options.pricer());
    metrics.spansReceived.inc(work.spans);
    if (work.decodeRejected > 0) metrics.spansRejected.inc({ reason: 'decode' }, work.decodeRejected);
    if (work.block) {
      await this.spool.append(work.block, work.rows);
      metrics.rowsAccepted.inc(work.rows);
      metrics.rowsUnpriced.inc(work.unpriced);
      metrics.spoolBytes.set(this.spool.backlogBytes);
    }
    if (work.usageRejected > 0) metrics.spansRejected.inc({ reason: 'usage' }, work.usageRejected);
    return work;
  }

  /** Seals the open batch and waits (up to `timeoutMs`) until everything acknowledged is stored. */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    this.spool.seal();
    await this.spool.handedOver();
    return this.exporter.flush(timeoutMs);
  }

  /** Stops accepting and stores what it can within `timeoutMs` (less when storage is down); the rest stays spooled. */
  async close(timeoutMs = 30_000): Promise<boolean> {
    await this.options.workers?.close();
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
