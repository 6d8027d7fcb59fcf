// The two rollups the collector refreshes (collector/src/store/schema.ts, migration 3) and the one way panels read
// them: closed periods from the rollup, everything else from `cost_events FINAL`, split at the rollup's boundary.
import { boundaryOf, conditions, FROM_EVENTS, inRange, VARIABLE_NAMES, variableFilter, type VariableName } from './sql.js';

export interface Rollup {
  table: string;
  /** Length of one rollup row's period, in seconds (the UTC hour or day it starts). */
  seconds: number;
  /** Its period column, and the function that gives a raw row's period. */
  period: string;
  startOf: string;
  /** Variables it can filter by; a selection on any other variable sends the whole range to the raw rows. */
  variables: VariableName[];
  /** Grouping columns. */
  columns: string[];
  /** Grouping columns the view derives from raw columns, by name: the raw side computes them the same way. */
  derived?: Record<string, string>;
  /** Each stored measure as the view computes it from raw rows (the same expressions as the view's SELECT). */
  measures: Record<string, string>;
  /** A condition on the dashboard's variables under which this read happens at all (see `onlyWhen`). */
  only?: string;
}

/** `rollup`, read only while `condition` (a constant once Grafana has expanded the variables) holds. */
export function onlyWhen(rollup: Rollup, condition: string): Rollup {
  return { ...rollup, only: condition };
}

// The cache-savings sums: priced calls that used the cache, and least-squares sums over those that did not.
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

/** By hour, app, feature, provider, model and unpriced reason: everything but the per-org and per-user panels. */
export const HOURLY: Rollup = {
  table: 'costtrace.cost_hourly',
  seconds: 3600,
  period: 'hour',
  startOf: 'toStartOfHour',
  variables: ['app', 'feature', 'provider', 'model'],
  columns: ['app', 'feature', 'provider', 'model', 'unpriced_reason'],
  measures: {
    call_count: 'count()',
    error_count: "countIf(status_code = 'error')",
    unpriced_count: 'countIf(cost_usd IS NULL)',
    spend_usd: 'sum(cost_usd)',
    input_tokens_sum: 'sum(input_tokens)',
    output_tokens_sum: 'sum(output_tokens)',
    cache_read_tokens_sum: 'sum(cache_read_tokens)',
    cache_reporting_input_tokens_sum: 'sumIf(input_tokens, cache_read_tokens IS NOT NULL)',
    last_unpriced: 'maxIf(timestamp, cost_usd IS NULL)',
    ...CACHE_SAVINGS_MEASURES,
  },
};

/** By day, app, feature, org and user: the per-org and per-user panels. */
export const DAILY_USERS: Rollup = {
  table: 'costtrace.cost_daily_users',
  seconds: 86_400,
  period: 'day',
  startOf: 'toStartOfDay',
  variables: ['app', 'feature', 'user', 'org'],
  columns: ['app', 'feature', 'org_id', 'user_id'],
  measures: { call_count: 'count()', unpriced_count: 'countIf(cost_usd IS NULL)', spend_usd: 'sum(cost_usd)', last_call: 'max(timestamp)' },
};

/**
 * By day, app, feature and run (trace_id): cost per run. run_hash = cityHash64(trace_id) leads the view's sort key,
 * so a sample of runs by hash range reads only that share of it.
 */
export const DAILY_RUNS: Rollup = {
  table: 'costtrace.cost_daily_runs',
  seconds: 86_400,
  period: 'day',
  startOf: 'toStartOfDay',
  variables: ['app', 'feature'],
  columns: ['app', 'feature', 'trace_id', 'run_hash'],
  derived: { run_hash: 'cityHash64(trace_id)' },
  measures: { call_count: 'count()', unpriced_count: 'countIf(cost_usd IS NULL)', spend_usd: 'sum(cost_usd)' },
};

/**
 * The dashboard range and variables as rows shaped like `rollup`'s: `period`, its columns and measures. Whole
 * periods inside the range and before the boundary the last refresh stored come from the rollup; every other call
 * in the range (the partial periods at its ends, and everything since the boundary) comes from `cost_events FINAL`,
 * aggregated the same way. Both sides test the same [from, to) expressions, so a call is read on exactly one side;
 * the boundary is one scalar per query (ClickHouse evaluates an identical scalar subquery once), and a refresh
 * replaces the rollup atomically. With no rollup rows yet the boundary is 1970 and every call is read raw.
 */
export function rolledUp(rollup: Rollup): string {
  const step = rollup.seconds;
  const floor = (time: string) => `toDateTime(intDiv(toUInt32(${time}), ${step}) * ${step}, 'UTC')`;
  const unsupported = VARIABLE_NAMES.filter((name) => !rollup.variables.includes(name));
  const boundary = boundaryOf(rollup.table);
  const usable = unsupported.map((name) => `$__conditionalAll(0, $${name})`).join(' AND ');
  const names = [...rollup.columns, ...Object.keys(rollup.measures)].join(', ');
  const split = [
    `WITH ${floor(`$__fromTime + ${step - 1}`)} AS rollup_from,`,
    `  least(${floor('$__toTime')}, ${usable ? `if(${usable}, ${boundary}, toDateTime(0, 'UTC'))` : boundary}) AS rollup_to`,
  ];
  const filters = (names: VariableName[]) => [...names.map(variableFilter), ...(rollup.only ? [rollup.only] : [])];
  const measures = Object.entries(rollup.measures).map(([name, expr]) => `${expr} AS ${name}`);
  const rawColumns = rollup.columns.map((name) => (rollup.derived?.[name] ? `${rollup.derived[name]} AS ${name}` : name));
  return [
    ...split,
    `SELECT ${rollup.period} AS period, ${names}`,
    `FROM ${rollup.table}`,
    conditions('WHERE', [`${rollup.period} >= rollup_from AND ${rollup.period} < rollup_to`, ...filters(rollup.variables)]),
    'UNION ALL',
    `SELECT ${rollup.startOf}(timestamp) AS period, ${rawColumns.join(', ')}, ${measures.join(', ')}`,
    `FROM ${FROM_EVENTS}`,
    inRange('NOT (timestamp >= rollup_from AND timestamp < rollup_to)'),
    conditions('WHERE', filters(VARIABLE_NAMES)),
    `GROUP BY period, ${rollup.columns.join(', ')}`,
  ].join('\n');
}
