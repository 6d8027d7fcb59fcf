// SQL shapes several dashboards reuse: a measure over time split by one dimension, a ranked breakdown, and the
// per-run rollup behind every "cost per run" figure. Every shape reads FROM_EVENTS (FINAL) through where().
import { DIMENSIONS, FROM_EVENTS, SETTINGS, TIME_BUCKET, where, type VariableName } from './sql.js';

/** Measures by name, e.g. { spend: 'sum(cost_usd)' }. Order is kept. */
export type Measures = Record<string, string>;

function select(measures: Measures): string {
  return Object.entries(measures)
    .map(([alias, expr]) => `${expr} AS ${alias}`)
    .join(', ');
}

/** Money columns share these measures so that every panel means the same thing by "spend" and "unpriced". */
export const SPEND = 'sum(cost_usd)';
export const UNPRICED = 'countIf(cost_usd IS NULL)';

/** `time, <dimension>, <measures…>` in long format, ordered by time as the plugin's long-to-wide step requires. */
export function seriesBy(dimension: VariableName, measures: Measures, ...extra: string[]): string {
  return [
    `SELECT ${TIME_BUCKET}, ${DIMENSIONS[dimension]} AS ${dimension}, ${select(measures)}`,
    `FROM ${FROM_EVENTS}`,
    where(...extra),
    `GROUP BY time, ${dimension}`,
    `ORDER BY time, ${dimension}`,
    SETTINGS,
  ].join('\n');
}

/** `time, <measures…>` without a split. */
export function series(measures: Measures, ...extra: string[]): string {
  return [`SELECT ${TIME_BUCKET}, ${select(measures)}`, `FROM ${FROM_EVENTS}`, where(...extra), 'GROUP BY time', 'ORDER BY time', SETTINGS].join(
    '\n',
  );
}

/** One row of totals over the whole range. */
export function totals(measures: Measures, ...extra: string[]): string {
  return [`SELECT ${select(measures)}`, `FROM ${FROM_EVENTS}`, where(...extra), SETTINGS].join('\n');
}

/** Rows grouped by `dimensions`, ordered by `orderBy` (ties broken by the dimensions) and cut at `limit`. */
export function ranked(dimensions: VariableName[], measures: Measures, orderBy: string, limit: number, ...extra: string[]): string {
  const keys = dimensions.map((d) => `${DIMENSIONS[d]} AS ${d}`).join(', ');
  return [
    `SELECT ${keys}, ${select(measures)}`,
    `FROM ${FROM_EVENTS}`,
    where(...extra),
    `GROUP BY ${dimensions.join(', ')}`,
    `ORDER BY ${orderBy}, ${dimensions.join(', ')}`,
    `LIMIT ${limit}`,
    SETTINGS,
  ].join('\n');
}

/**
 * One row per run: a run is one trace within one feature (every call of one `track()` scope shares its trace), its
 * cost the sum of its calls. A run with any unpriced call has no known cost: the per-run figures below skip it and
 * count it instead, so an unknown price never drags an average toward $0.
 */
export function runs(dimensions: VariableName[]): string {
  const keys = dimensions.map((d) => `${DIMENSIONS[d]} AS ${d}`).join(', ');
  return [
    `  SELECT ${keys}, trace_id, sum(cost_usd) AS run_cost, ${UNPRICED} AS unpriced_calls, count() AS calls`,
    `  FROM ${FROM_EVENTS}`,
    `  ${where().replaceAll('\n', '\n  ')}`,
    `  GROUP BY ${dimensions.join(', ')}, trace_id`,
  ].join('\n');
}

/** Per-run measures over runs(); `avg_per_run` is exact (Decimal sum over a count), NULL when no run is priced. */
export const RUN_MEASURES = {
  priced_runs: 'countIf(unpriced_calls = 0)',
  avg_per_run: 'sumIf(run_cost, unpriced_calls = 0) / nullIf(countIf(unpriced_calls = 0), 0)',
};
