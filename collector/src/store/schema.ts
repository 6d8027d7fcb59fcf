// Versioned, idempotent migrations for the costtrace database. Each migration runs once (recorded in
// costtrace.schema_migrations) and every statement is also safe to run again, so a crash mid-migration heals.

export const DATABASE = 'costtrace';
export const COST_EVENTS = `${DATABASE}.cost_events`;
export const PRICE_RULES = `${DATABASE}.price_rules`;

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
  {
    version: 2,
    description: 'price_rules for the /v1/prices API; cost_events stores 1-hour cache writes and the org charge',
    statements: [
      // One row per rule (one prices-file entry); a delete is a newer row with deleted = 1, so the rule set at any
      // time is the latest version of each id read with FINAL.
      `CREATE TABLE IF NOT EXISTS ${PRICE_RULES} (
        id         String,
        kind       LowCardinality(String),
        body       String,
        created_at DateTime64(3, 'UTC'),
        deleted    UInt8,
        version    UInt64
      )
      ENGINE = ReplacingMergeTree(version)
      ORDER BY id`,
      // Repricing rebuilds usage from the row, so every count the pricer reads has to be stored.
      `ALTER TABLE ${COST_EVENTS} ADD COLUMN IF NOT EXISTS cache_write_1h_tokens Nullable(UInt64) AFTER cache_write_tokens`,
      // cost_usd is what the call cost; charge_usd is what to bill the org after its markup or discount.
      `ALTER TABLE ${COST_EVENTS} ADD COLUMN IF NOT EXISTS charge_usd Nullable(Decimal(38, 18)) AFTER cost_usd`,
    ],
  },
];
