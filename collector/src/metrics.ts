// The collector's own Prometheus metrics: counted, never logged per item.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  const m = {
    registry,
    spansReceived: new Counter({ name: 'costtrace_spans_received_total', help: 'Spans decoded from OTLP requests', registers: [registry] }),
    spansRejected: new Counter({
      name: 'costtrace_spans_rejected_total',
      help: 'Spans rejected (bad ids, bad usage, bad timestamps, undecodable bodies count their spans as unknown)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    rowsAccepted: new Counter({
      name: 'costtrace_rows_accepted_total',
      help: 'Cost rows written to the spool and acknowledged',
      registers: [registry],
    }),
    rowsWritten: new Counter({ name: 'costtrace_rows_written_total', help: 'Cost rows stored in ClickHouse', registers: [registry] }),
    rowsUnpriced: new Counter({
      name: 'costtrace_rows_unpriced_total',
      help: 'Cost rows stored with NULL cost (unpriced)',
      registers: [registry],
    }),
    requests: new Counter({
      name: 'costtrace_otlp_requests_total',
      help: 'OTLP export requests by HTTP status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    insertErrors: new Counter({
      name: 'costtrace_insert_errors_total',
      help: 'Failed ClickHouse inserts (retried)',
      registers: [registry],
    }),
    segmentsQuarantined: new Counter({
      name: 'costtrace_spool_segments_quarantined_total',
      help: 'Spool segments with rows ClickHouse refused as malformed: the other rows were stored, the file kept in spool/rejected',
      registers: [registry],
    }),
    spoolErrors: new Counter({
      name: 'costtrace_spool_errors_total',
      help: 'Spool segments that could not be read back',
      registers: [registry],
    }),
    requestsShed: new Counter({
      name: 'costtrace_otlp_requests_shed_total',
      help: 'OTLP requests refused before reading the body (429 concurrency, 503 memory)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'costtrace_batch_insert_seconds',
      help: 'Latency of one batch insert into ClickHouse',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    spoolBytes: new Gauge({ name: 'costtrace_spool_backlog_bytes', help: 'Acknowledged bytes not yet stored', registers: [registry] }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
