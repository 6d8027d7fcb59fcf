// Versioned, idempotent migrations for the costtrace database. Each migration runs once (recorded in
// costtrace.schema_migrations) and every statement is also safe to run again, so a crash mid-migration heals.

export const DATABASE = 'costtrace';
export const COST_EVENTS = `${DATABASE}.cost_events`;

export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'cost_events: one row per priced (or unpriced) paid call',
    statements: [
      // ReplacingMergeTree keyed on (trace_id, span_id) at the end of the sort key: a span replayed by an exporter
      // retry collapses into one row, and a re-priced row (newer `version`) replaces the old one. Every read path
      // queries with FINAL (or through a view that does) so totals never count a span twice.
      // The leading sort columns are pure functions of the span, so replays always land on the same key.
      `CREATE TABLE IF NOT EXISTS ${COST_EVENTS} (
        timestamp          DateTime64(6, 'UTC') CODEC(Delta, ZSTD(1)),
        app                LowCardinality(String),
        feature            LowCardinality(String),
        user_id            String,
        org_id             String,
        provider           LowCardinality(String),
        model              LowCardinality(String),
        operation          LowCardinality(String),
        input_tokens       Nullable(UInt64),
        output_tokens      Nullable(UInt64),
        cache_read_tokens  Nullable(UInt64),
        cache_write_tokens Nullable(UInt64),
        reasoning_tokens   Nullable(UInt64),
        units              Map(LowCardinality(String), Float64),
        service_tier       LowCardinality(String),
        cost_usd           Nullable(Decimal(38, 18)),
        provider_cost_usd  Nullable(Decimal(38, 18)),
        cost_source        LowCardinality(String),
        unpriced_reason    String,
        price_version      LowCardinality(String),
        trace_id           String,
        span_id            String,
        status_code        LowCardinality(String),
        duration_ms        Float64,
        meta               Map(String, String),
        version            UInt64
      )
      ENGINE = ReplacingMergeTree(version)
      PARTITION BY toYYYYMM(timestamp)
      ORDER BY (app, toDate(timestamp), feature, org_id, user_id, trace_id, span_id)`,
    ],
  },
];
