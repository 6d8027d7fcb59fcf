// SQL shapes several dashboards reuse: totals, a measure over time (split by one dimension or not) and a ranked
// breakdown. Every shape reads FROM_EVENTS (FINAL) through where().
import { COLUMNS, DIMENSIONS, FROM_EVENTS, SETTINGS, TIME_BUCKET, where, type VariableName } from './sql.js';

/** Measures by name, e.g. { spend: 'sum(cost_usd)' }. Order is kept. */
export type Measures = Record<string, string>;

export function select(measures: Measures): string {
  return Object.entries(measures)
    .map(([alias, expr]) => `${expr} AS ${alias}`)
    .join(', ');
}

/** Money columns share these measures so that every panel means the same thing by "spend" and "unpriced". */
export const SPEND = 'sum(cost_usd)';
export const UNPRICED = 'countIf(cost_usd IS NULL)';

/** Indents a nested query by two spaces so the SQL stays readable in Grafana's editor. */
export function nested(sql: string): string {
  return `  ${sql.replaceAll('\n', '\n  ')}`;
}

/**
 * `time, <dimension>, <measures…>` in long format, ordered by time as the plugin's long-to-wide step requires.
 * Groups by the raw column and labels afterwards (empty → 'untagged' / '(none)').
 */
export function seriesBy(dimension: VariableName, measures: Measures, ...extra: string[]): string {
  const column = COLUMNS[dimension];
  return [
    `SELECT time, ${DIMENSIONS[dimension]} AS ${dimension}, ${Object.keys(measures).join(', ')}`,
    'FROM (',
    nested(
      [`SELECT ${TIME_BUCKET}, ${column}, ${select(measures)}`, `FROM ${FROM_EVENTS}`, where(...extra), `GROUP BY time, ${column}`].join(
        '\n',
      ),
    ),
    ')',
    `ORDER BY time, ${dimension}`,
    SETTINGS,
  ].join('\n');
}

/** `time, <measures…>` without a split. */
export function series(measures: Measures, ...extra: string[]): string {
  return [
    `SELECT ${TIME_BUCKET}, ${select(measures)}`,
    `FROM ${FROM_EVENTS}`,
    where(...extra),
    'GROUP BY time',
    'ORDER BY time',
    SETTINGS,
  ].join('\n');
}

/** One row of totals over the whole range. */
export function totals(measures: Measures, ...extra: string[]): string {
  return [`SELECT ${select(measures)}`, `FROM ${FROM_EVENTS}`, where(...extra), SETTINGS].join('\n');
}

/** Rows grouped by `dimensions`, ordered by `orderBy` (ties broken by the labels) and cut at `limit`. */
export function ranked(dimensions: VariableName[], measures: Measures, orderBy: string, limit: number, ...extra: string[]): string {
  const columns = dimensions.map((d) => COLUMNS[d]).join(', ');
  return [
    `SELECT ${dimensions.map((d) => `${DIMENSIONS[d]} AS ${d}`).join(', ')}, ${Object.keys(measures).join(', ')}`,
    'FROM (',
    nested([`SELECT ${columns}, ${select(measures)}`, `FROM ${FROM_EVENTS}`, where(...extra), `GROUP BY ${columns}`].join('\n')),
    ')',
    `ORDER BY ${orderBy}, ${dimensions.join(', ')}`,
    `LIMIT ${limit}`,
    SETTINGS,
  ].join('\n');
}
