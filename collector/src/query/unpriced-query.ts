// The `costtrace unpriced` query: calls stored without a cost, by provider, model and reason, so an operator sees
// which prices to add before running `costtrace reprice`.
import { COST_EVENTS } from '../store/schema.js';
import { parseSince } from './report-query.js';

/**
 * Builds the query with its window inlined (a whole number of seconds), so it also runs through a running service's
 * parameterless /v1/sql.
 */
export function buildUnpricedQuery(options: { since?: string }): string {
  const seconds = parseSince(options.since ?? '7d');
  const window = seconds === undefined ? '' : `AND timestamp >= now64(6) - toIntervalSecond(${seconds})`;
  return `
    SELECT provider, model, unpriced_reason AS reason, count() AS calls,
      sum(ifNull(input_tokens, 0)) AS input_tokens, sum(ifNull(output_tokens, 0)) AS output_tokens,
      min(timestamp) AS first_seen, max(timestamp) AS last_seen
    FROM ${COST_EVENTS} FINAL
    WHERE cost_usd IS NULL ${window}
    GROUP BY provider, model, unpriced_reason
    ORDER BY calls DESC, provider, model, reason`;
}
