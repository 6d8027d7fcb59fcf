// Re-pricing one stored cost row: the usage the row recorded, priced again at the row's own time, app and org, and
// whether the result differs from what the row says.
import type { Pricer, Usage } from '@costtrace/pricing';
import { priceColumns, USAGE_NOT_REPORTED, type PriceColumns } from '../processor/cost-row.js';

/**
 * A cost_events row as read back in JSON (64-bit integers and decimals as strings), plus `at_ms`, the call time in
 * epoch ms. Columns this code does not name pass through unchanged when the row is written again.
 */
export interface StoredCostRow {
  timestamp: string;
  at_ms: string;
  app: string;
  org_id: string;
  provider: string;
  model: string;
  operation: string;
  input_tokens: string | null;
  output_tokens: string | null;
  cache_read_tokens: string | null;
  cache_write_tokens: string | null;
  /** Absent on a database migrated before version 2. */
  cache_write_1h_tokens?: string | null;
  reasoning_tokens: string | null;
  units: Record<string, number>;
  service_tier: string;
  provider_cost_usd: string | null;
  cost_usd: string | null;
  charge_usd?: string | null;
  cost_source: string;
  unpriced_reason: string;
  price_version: string;
  version: string;
  [column: string]: unknown;
}

export interface RowReprice {
  before: PriceColumns;
  after: PriceColumns;
  /** The row must be written again: its cost, source, charge, version or reason differ. */
  changed: boolean;
}

/** The usage a row recorded, as the span mapper produced it; undefined when the span reported none. */
export function usageOfRow(row: StoredCostRow): Usage | undefined {
  if (row.unpriced_reason === USAGE_NOT_REPORTED && row.price_version === '') return undefined;
  const usage: Usage = { provider: row.provider };
  if (row.model !== '') usage.model = row.model;
  if (row.operation !== '') usage.operation = row.operation;
  const counts = [
    ['inputTokens', row.input_tokens],
    ['outputTokens', row.output_tokens],
    ['cacheReadTokens', row.cache_read_tokens],
    ['cacheWriteTokens', row.cache_write_tokens],
    ['cacheWrite1hTokens', row.cache_write_1h_tokens],
    ['reasoningTokens', row.reasoning_tokens],
  ] as const;
  for (const [field, value] of counts) if (value !== null && value !== undefined) usage[field] = Number(value);
  if (Object.keys(row.units).length > 0) usage.units = row.units;
  if (row.service_tier !== '') usage.serviceTier = row.service_tier;
  if (row.provider_cost_usd !== null) usage.providerCostUsd = row.provider_cost_usd;
  // The row keeps who reported the cost only as its source; an override that priced it instead hides it.
  if (row.cost_source === 'manual') usage.costReportedBy = 'manual';
  return usage;
}

/**
 * Prices a stored row again with `pricer`. An unpriced row that stays unpriced for the same reason is unchanged even
 * when the pricer version moved: rewriting it would change nothing a reader sees.
 * @returns undefined for rows without usage (nothing to price).
 */
export function repriceRow(row: StoredCostRow, pricer: Pricer): RowReprice | undefined {
  const usage = usageOfRow(row);
  if (usage === undefined) return undefined;
  const before: PriceColumns = {
    cost_usd: row.cost_usd,
    charge_usd: row.charge_usd ?? null,
    cost_source: row.cost_source,
    unpriced_reason: row.unpriced_reason,
    price_version: row.price_version,
  };
  const after = priceColumns(pricer.price(usage, { at: Number(row.at_ms), app: row.app, org: row.org_id }));
  const stillUnpriced = before.cost_usd === null && after.cost_usd === null && before.unpriced_reason === after.unpriced_reason;
  const changed =
    !stillUnpriced &&
    (!sameDecimal(before.cost_usd, after.cost_usd) ||
      !sameDecimal(before.charge_usd, after.charge_usd) ||
      before.cost_source !== after.cost_source ||
      before.price_version !== after.price_version ||
      before.unpriced_reason !== after.unpriced_reason);
  return { before, after, changed };
}

// ClickHouse prints Decimal(38, 18) without trailing zeros and the pricer never writes any, but a hand-inserted row
// may carry them: "0.10" and "0.1" are the same money.
function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  return trim(a) === trim(b);
}
