// The `costtrace report` query: cost, calls and tokens grouped by one dimension, unpriced calls counted apart and
// never summed as $0. Read with FINAL so a replayed span is counted once.
import { COST_EVENTS } from '../store/schema.js';

export const REPORT_DIMENSIONS = { feature: 'feature', user: 'user_id', org: 'org_id', provider: 'provider', model: 'model' } as const;
export type ReportDimension = keyof typeof REPORT_DIMENSIONS;

export interface ReportOptions {
  by: ReportDimension;
  /** Look-back window such as `7d`, `24h`, `30m`, `2w`, or `all`. @default '7d' */
  since?: string;
  app?: string;
}

/** `7d` → seconds; throws naming the bad value. */
export function parseSince(since: string): number | undefined {
  if (since === 'all') return undefined;
  const match = /^(\d+)\s*([smhdw])$/.exec(since.trim());
  if (!match) throw new Error(`--since: expected a duration like 30m, 24h, 7d, 2w or 'all', got '${since}'`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as 's'];
  return Number(match[1]) * unit;
}

export function buildReportQuery(options: ReportOptions): { query: string; params: Record<string, unknown> } {
  const column = REPORT_DIMENSIONS[options.by];
  if (column === undefined) {
    throw new Error(`--by: expected one of ${Object.keys(REPORT_DIMENSIONS).join(', ')}, got '${options.by}'`);
  }
  const seconds = parseSince(options.since ?? '7d');
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (seconds !== undefined) {
    where.push('timestamp >= now64(6) - toIntervalSecond({seconds:UInt64})');
    params.seconds = seconds;
  }
  if (options.app !== undefined) {
    where.push('app = {app:String}');
    params.app = options.app;
  }
  const empty = options.by === 'feature' ? '(untagged)' : '(none)';
  // Inner aliases differ from column names: ClickHouse resolves an alias before a column, so `sum(x) AS x` would
  // make every other `x` in the query mean the aggregate.
  const query = `
    SELECT key AS ${options.by}, toString(cost) AS cost_usd, calls, unpriced_calls,
      if(priced = 0, NULL, toString(round(cost / priced, 9))) AS avg_cost_per_call, tokens_in AS input_tokens, tokens_out AS output_tokens
    FROM (
      SELECT
        if(${column} = '', '${empty}', ${column}) AS key,
        sumIf(cost_usd, cost_usd IS NOT NULL) AS cost,
        count() AS calls,
        countIf(cost_usd IS NULL) AS unpriced_calls,
        countIf(cost_usd IS NOT NULL) AS priced,
        sum(input_tokens) AS tokens_in,
        sum(output_tokens) AS tokens_out
      FROM ${COST_EVENTS} FINAL
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY key
    )
    ORDER BY cost DESC, calls DESC, key`;
  return { query, params };
}
