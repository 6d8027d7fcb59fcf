// SQL shapes several dashboards reuse: totals, a measure over time (split by one dimension or not) and a ranked
// breakdown. Every shape reads a rollup through rolledUp(), so measures are written over the rollup's columns.
import { rolledUp, type Rollup } from './rollups.js';
import { COLUMNS, DIMENSIONS, SETTINGS, type VariableName } from './sql.js';

/** Indents a nested query by two spaces so the SQL stays readable in Grafana's editor. */
export function nested(sql: string): string {
  return `  ${sql.replaceAll('\n', '\n  ')}`;
}

/** Measures by name, e.g. { spend: 'sum(spend)' }. Order is kept. */
export type Measures = Record<string, string>;

export function select(measures: Measures): string {
  return Object.entries(measures)
    .map(([alias, expr]) => `${expr} AS ${alias}`)
    .join(', ');
}

/** Money and counts over rollup rows, shared so that every panel means the same thing by "spend" and "unpriced". */
export const SPEND = 'sum(spend_usd)';
export const UNPRICED = 'sum(unpriced_count)';
export const CALLS = 'sum(call_count)';
export const ERRORS = 'sum(error_count)';

/** Time bucket column for time-series panels; the plugin sizes the bucket (whole hours or days) from the interval. */
export const TIME_BUCKET = '$__timeInterval(period) AS time';

/** `FROM (<rollup rows for the range and variables>)`, then any extra conditions on its columns. */
export function from(rollup: Rollup, ...extra: string[]): string {
  return fromRows(rolledUp(rollup), ...extra);
}

/** `FROM (<rows>)`, then any extra conditions on its columns. */
export function fromRows(rows: string, ...extra: string[]): string {
  return [`FROM (`, nested(rows), ')', ...(extra.length ? [`WHERE ${extra.join('\n  AND ')}`] : [])].join('\n');
}

/**
 * `time, <dimension>, <measures…>` in long format, ordered by time as the plugin's long-to-wide step requires.
 * Groups by the raw column and labels afterwards (empty → 'untagged' / '(none)').
 */
export function seriesBy(rollup: Rollup, dimension: VariableName, measures: Measures, ...extra: string[]): string {
  const column = COLUMNS[dimension];
  return [
    `SELECT time, ${DIMENSIONS[dimension]} AS ${dimension}, ${Object.keys(measures).join(', ')}`,
    'FROM (',
    nested([`SELECT ${TIME_BUCKET}, ${column}, ${select(measures)}`, from(rollup, ...extra), `GROUP BY time, ${column}`].join('\n')),
    ')',
    `ORDER BY time, ${dimension}`,
    SETTINGS,
  ].join('\n');
}

/** `time, <measures…>` without a split. */
export function series(rollup: Rollup, measures: Measures, ...extra: string[]): string {
  return [`SELECT ${TIME_BUCKET}, ${select(measures)}`, from(rollup, ...extra), 'GROUP BY time', 'ORDER BY time', SETTINGS].join('\n');
}

/** One row of totals over the whole range. */
export function totals(rollup: Rollup, measures: Measures, ...extra: string[]): string {
  return [`SELECT ${select(measures)}`, from(rollup, ...extra), SETTINGS].join('\n');
}

/** Rows grouped by `dimensions`, ordered by `orderBy` (ties broken by the labels) and cut at `limit`. */
export function ranked(
  rollup: Rollup,
  dimensions: VariableName[],
  measures: Measures,
  orderBy: string,
  limit: number,
  ...extra: string[]
): string {
  return [rankedRows(rolledUp(rollup), dimensions, measures, orderBy, limit, ...extra), SETTINGS].join('\n');
}

/** ranked() over any rows that have the dimensions' columns and what the measures read (no SETTINGS). */
export function rankedRows(
  rows: string,
  dimensions: VariableName[],
  measures: Measures,
  orderBy: string,
  limit: number,
  ...extra: string[]
): string {
  const columns = dimensions.map((d) => COLUMNS[d]).join(', ');
  return [
    `SELECT ${dimensions.map((d) => `${DIMENSIONS[d]} AS ${d}`).join(', ')}, ${Object.keys(measures).join(', ')}`,
    'FROM (',
    nested([`SELECT ${columns}, ${select(measures)}`, fromRows(rows, ...extra), `GROUP BY ${columns}`].join('\n')),
    ')',
    `ORDER BY ${orderBy}, ${dimensions.join(', ')}`,
    `LIMIT ${limit}`,
  ].join('\n');
}

/** `sql` without the SETTINGS line every panel query ends with, to nest it in a larger one. */
export function body(sql: string): string {
  if (!sql.endsWith(`\n${SETTINGS}`)) throw new Error('expected a panel query ending in SETTINGS');
  return sql.slice(0, -SETTINGS.length - 1);
}

/**
 * A query answered by `fast` while `only` holds (a constant once Grafana has expanded the variables: every set
 * variable is one the fast rollups can filter by) and by `fallback` otherwise. Each side's reads are guarded the
 * same way, so only the side that answers reads anything; the guard here also drops the one row an aggregate
 * without GROUP BY returns from nothing. Both give the same columns, ordered again by `order`. `items` are the WITH
 * items `fast` uses.
 */
export function either(items: string[], only: string, fast: string, fallback: string, order: string): string {
  const side = (sql: string, condition: string) => ['SELECT *', 'FROM (', nested(sql), ')', `WHERE ${condition}`].join('\n');
  return [
    `WITH ${items.join(',\n  ')}`,
    'SELECT *',
    'FROM (',
    nested([side(fast, only), 'UNION ALL', side(fallback, `NOT (${only})`)].join('\n')),
    ')',
    `ORDER BY ${order}`,
    SETTINGS,
  ].join('\n');
}
