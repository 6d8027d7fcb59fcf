// Versioned, idempotent migrations for the costtrace database. Each migration runs once (recorded in
// costtrace.schema_migrations) and every statement is also safe to run again, so a crash mid-migration heals.

import { COST_DAILY_RUNS, COST_DAILY_USERS, COST_EVENTS, COST_HOURLY, PRICE_RULES } from './table-names.js';
import { USER_ROLLUP_STATEMENTS, USER_ROLLUP_VIEWS } from './user-rollups.js';

export { DATABASE, COST_EVENTS, PRICE_RULES, COST_HOURLY, COST_DAILY_USERS, COST_DAILY_RUNS } from './table-names.js';
export { COST_USER_DAYS, COST_USER_BLOCKS, COST_ORG_BLOCKS, BLOCK_LEVELS, RANKS_READ } from './user-rollups.js';

export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/*
 * Rollups never double count: they are refreshable materialized views, a full recompute from `cost_events FINAL`
 * on a schedule (never an insert trigger, which would count a replay before the merge removes it). Each refresh
 * replaces the whole table atomically and stores `boundary`, the start of the current hour (day): the rows cover
 * exactly the closed periods before it. Readers take rollup rows for periods < boundary and raw `cost_events FINAL`
 * rows at or after it, so a replay or re-price shows at once in the raw part and, in closed periods, from the next
 * refresh on; retention (TTL) reaches the rollups the same way.
 */
// Only dimensions of low cardinality: with org_id or user_id an hour holds about as many groups as calls (measured:
// 9.1M rows from 10M). Per-org and per-user panels read the daily rollup.
// Sums behind the cache-savings estimate (dashboards/src/dashboards/providers-models.ts): over priced calls, the
// calls that used the cache, and the least-squares sums (x = input, y = output tokens, c = cost) of those that did not.
const PRICED = 'cost_usd IS NOT NULL AND input_tokens IS NOT NULL';
const CACHED = `${PRICED} AND ifNull(cache_read_tokens, 0) + ifNull(cache_write_tokens, 0) > 0`;
const UNCACHED = `${PRICED} AND ifNull(cache_read_tokens, 0) + ifNull(cache_write_tokens, 0) = 0`;
const [X, Y, C] = ['toFloat64(input_tokens)', 'toFloat64(ifNull(output_tokens, 0))', 'toFloat64(cost_usd)'];
const CACHE_SAVINGS_MEASURES = {
  cached_calls: `countIf(${CACHED})`,
  cached_cache_reads: `sumIf(cache_read_tokens, ${CACHED})`,
  cached_cost: `sumIf(cost_usd, ${CACHED})`,
  cached_in: `sumIf(${X}, ${CACHED})`,
  cached_out: `sumIf(${Y}, ${CACHED})`,
  fit_xx: `sumIf(${X} * ${X}, ${UNCACHED})`,
  fit_xy: `sumIf(${X} * ${Y}, ${UNCACHED})`,
  fit_yy: `sumIf(${Y} * ${Y}, ${UNCACHED})`,
  fit_xc: `sumIf(${X} * ${C}, ${UNCACHED})`,
  fit_yc: `sumIf(${Y} * ${C}, ${UNCACHED})`,
};
const HOURLY_DIMENSIONS = ['app', 'feature', 'provider', 'model', 'unpriced_reason'];
const HOURLY_MEASURES = {
  call_count: 'count()',
  error_count: "countIf(status_code = 'error')",
  unpriced_count: 'countIf(cost_usd IS NULL)',
  spend_usd: 'sum(cost_usd)',
  input_tokens_sum: 'sum(input_tokens)',
  output_tokens_sum: 'sum(output_tokens)',
  cache_read_tokens_sum: 'sum(cache_read_tokens)',
  // Input tokens of calls whose provider reports cache usage: the denominator of the cache hit ratio.
  cache_reporting_input_tokens_sum: 'sumIf(input_tokens, cache_read_tokens IS NOT NULL)',
  // maxIf of no row is 1970: read only where unpriced > 0.
  last_unpriced: 'maxIf(timestamp, cost_usd IS NULL)',
  ...CACHE_SAVINGS_MEASURES,
};
const DAILY_USER_DIMENSIONS = ['app', 'feature', 'org_id', 'user_id'];
const DAILY_USER_MEASURES = {
  call_count: 'count()',
  unpriced_count: 'countIf(cost_usd IS NULL)',
  spend_usd: 'sum(cost_usd)',
  last_call: 'max(timestamp)',
};

// Per-run sums of each day's calls: a run (trace within a feature) split by a midnight or the boundary is summed
// again by trace_id when read. run_hash leads the sort key so that the dashboards' sample of runs (a leading share
// of hash values) reads only that share of the table.
const DAILY_RUN_DIMENSIONS = ['app', 'feature', 'trace_id'];
const DAILY_RUN_MEASURES = {
  run_hash: 'any(cityHash64(trace_id))',
  call_count: 'count()',
  unpriced_count: 'countIf(cost_usd IS NULL)',
  spend_usd: 'sum(cost_usd)',
};

function rollup(
  table: string,
  every: string,
  period: string,
  startOf: string,
  dimensions: string[],
  measures: Record<string, string>,
  orderBy = [period, ...dimensions],
): string {
  const columns = [...dimensions, ...Object.entries(measures).map(([name, expr]) => `${expr} AS ${name}`)].join(', ');
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}
      REFRESH EVERY ${every}
      ENGINE = MergeTree ORDER BY (${orderBy.join(', ')})
      AS WITH ${startOf}(now('UTC')) AS boundary
      SELECT boundary, ${startOf}(timestamp) AS ${period}, ${columns}
      FROM ${COST_EVENTS} FINAL
      WHERE timestamp < boundary
      GROUP BY ${period}, ${dimensions.join(', ')}
      SETTINGS do_not_merge_across_partitions_select_final = 1`;
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
      // Daily partitions: the partition is a function of a sort-key column, so every copy of a span shares one and
      // FINAL may skip merging across partitions; a closed day is force-merged to one part an hour after its last
      // insert, so FINAL only has work to do on today's partition.
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
      PARTITION BY toDate(timestamp)
      ORDER BY (app, toDate(timestamp), feature, org_id, user_id, trace_id, span_id)
      SETTINGS min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1`,
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
  {
    version: 3,
    description: 'dashboard rollups: hourly by app/feature/provider/model, daily by app/feature/org/user',
    statements: [
      rollup(COST_HOURLY, '1 MINUTE', 'hour', 'toStartOfHour', HOURLY_DIMENSIONS, HOURLY_MEASURES),
      // Holds closed days only, so new calls reach it once a day; the refresh is for replays and re-prices of past
      // days, and costs seconds at 10M rows (13 s measured), so every 10 minutes rather than every minute.
      rollup(COST_DAILY_USERS, '10 MINUTE', 'day', 'toStartOfDay', DAILY_USER_DIMENSIONS, DAILY_USER_MEASURES),
    ],
  },
  {
    version: 4,
    description: 'dashboard rollups: cache-savings sums in cost_hourly, daily by run',
    statements: [
      // A refreshable view's columns come from its query: databases that ran migration 3 before the cache-savings
      // sums existed get the view again (empty until its first refresh, a minute later; panels read raw meanwhile).
      `DROP VIEW IF EXISTS ${COST_HOURLY}`,
      rollup(COST_HOURLY, '1 MINUTE', 'hour', 'toStartOfHour', HOURLY_DIMENSIONS, HOURLY_MEASURES),
      rollup(COST_DAILY_RUNS, '10 MINUTE', 'day', 'toStartOfDay', DAILY_RUN_DIMENSIONS, DAILY_RUN_MEASURES, ['run_hash', 'day']),
    ],
  },
  {
    version: 5,
    description: 'dashboard rollups: per user, feature and org by day up to the current hour; per user and per org in blocks of days',
    statements: USER_ROLLUP_STATEMENTS,
  },
];

/** Every rollup view, in the order a forced refresh must run them (a view after the views it reads). */
export const ROLLUP_VIEWS = [COST_HOURLY, COST_DAILY_USERS, COST_DAILY_RUNS, ...USER_ROLLUP_VIEWS];
