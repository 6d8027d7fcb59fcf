// SQL fragments every panel shares: the deduplicated source, the variable filters and the read settings.
// Panels write their own SELECTs around these so that each query stays readable on its own in Grafana.

/** The table the collector writes (collector/src/store/schema.ts owns it). */
export const EVENTS = 'costtrace.cost_events';

/**
 * Every panel reads through FINAL: cost_events is a ReplacingMergeTree keyed on (…, trace_id, span_id), so a span
 * an exporter replayed, or a row re-priced with a newer `version`, is counted exactly once whether or not the
 * background merge has happened yet.
 */
export const FROM_EVENTS = `${EVENTS} FINAL`;

/**
 * The time range (and `extra` conditions on it) as the PREWHERE of a FINAL read: every copy of a span has the same timestamp (replays and re-prices
 * rewrite the same span), so filtering rows by it before FINAL merges them drops whole spans, never one copy of a
 * span, and FINAL then merges only the rows in the range instead of whole days.
 */
export function inRange(...extra: string[]): string {
  return conditions('PREWHERE', ['$__timeFilter(timestamp)', ...extra]);
}

/** `<clause> a\n  AND b …`: a WHERE (or PREWHERE, HAVING) with one condition per line. */
export function conditions(clause: string, list: string[]): string {
  return [clause, list.join('\n  AND ')].join(' ');
}

/**
 * The boundary a rollup's last refresh stored (every row holds the same one; 1970 while it is empty). One row is
 * enough: reading max() of the column would read every row of the rollup.
 */
export function boundaryOf(table: string): string {
  return `ifNull((SELECT boundary FROM ${table} LIMIT 1), toDateTime(0, 'UTC'))`;
}

/**
 * FINAL normally merges rows across partitions too. The partition key, toDate(timestamp), is a sort-key column, so
 * two rows of one span always share a partition and merging inside each partition is exactly as correct — and lets
 * a partition that is one merged part (every closed day, once force-merged) skip the merge entirely.
 * The provisioned read-only profile sets the same value, which readonly=1 users may then restate.
 */
export const READ_SETTINGS = { do_not_merge_across_partitions_select_final: 1 } as const;

export const SETTINGS = `SETTINGS ${Object.entries(READ_SETTINGS)
  .map(([name, value]) => `${name} = ${value}`)
  .join(', ')}`;

/**
 * How each dashboard variable appears in SQL. Empty attribution is shown (and filtered) under a label instead of a
 * blank: the plugin treats an empty variable value as "All", so '' could never be selected on its own.
 *
 * Names: once user/org upserts exist (the /v1 API has no such endpoint yet), `user` and `org` are the one place to
 * swap the raw id for a looked-up name, e.g. dictGetOrDefault('costtrace.user_names', 'name', user_id, user_id).
 */
export const DIMENSIONS = {
  app: 'app',
  feature: "if(feature = '', 'untagged', feature)",
  user: "if(user_id = '', '(none)', user_id)",
  org: "if(org_id = '', '(none)', org_id)",
  provider: 'provider',
  model: 'model',
} as const;

export type VariableName = keyof typeof DIMENSIONS;

/** The column each variable filters; grouping by it (then labelling) keeps LowCardinality columns fast. */
export const COLUMNS: Record<VariableName, string> = {
  app: 'app',
  feature: 'feature',
  user: 'user_id',
  org: 'org_id',
  provider: 'provider',
  model: 'model',
};

export const VARIABLE_NAMES = Object.keys(DIMENSIONS) as VariableName[];

/**
 * `$__conditionalAll(<expr> IN (${var:singlequote}), $var)`: the plugin replaces the whole macro with `1=1` when
 * "All" is selected (so no list of every value is ever sent), otherwise keeps the condition; Grafana's singlequote
 * format quotes each selected value and escapes embedded quotes.
 */
export function variableFilter(name: VariableName): string {
  return `$__conditionalAll(${DIMENSIONS[name]} IN (\${${name}:singlequote}), $${name})`;
}

/** The WHERE clause of every panel: the dashboard time range, all six variables, then any extra conditions. */
export function where(...extra: string[]): string {
  return ['WHERE $__timeFilter(timestamp)', ...VARIABLE_NAMES.map(variableFilter), ...extra].join('\n  AND ');
}
