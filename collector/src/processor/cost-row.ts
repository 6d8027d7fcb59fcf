// The row the collector writes to costtrace.cost_events for one paid call, and how a span becomes one.
import type { PriceResult, Usage } from '@costtrace/pricing';
import type { DecodedSpan } from '../receiver/decoded-span.js';
import type { Attribution } from './span-attribution.js';

/** One cost_events row by column name (see store/schema.ts); exporter/row-encoding.ts writes it to the spool. */
export interface CostRow {
  /** Call start in epoch microseconds (DateTime64(6)); exact in a double until the year 2255. */
  timestamp: number;
  app: string;
  feature: string;
  user_id: string;
  org_id: string;
  provider: string;
  model: string;
  operation: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  cache_write_1h_tokens: number | null;
  reasoning_tokens: number | null;
  units: Record<string, number>;
  service_tier: string;
  cost_usd: string | null;
  charge_usd: string | null;
  provider_cost_usd: string | null;
  cost_source: string;
  unpriced_reason: string;
  price_version: string;
  trace_id: string;
  span_id: string;
  status_code: string;
  duration_ms: number;
  meta: Record<string, string>;
  version: number;
}

/** The columns a price decides: what repricing may rewrite. */
export type PriceColumns = Pick<CostRow, 'cost_usd' | 'charge_usd' | 'cost_source' | 'unpriced_reason' | 'price_version'>;

const STATUS = ['unset', 'ok', 'error'] as const;
export const CANCELLED_ATTRIBUTE = 'costtrace.cancelled';
/** The reason stored for a call whose span carried no usage at all (nothing a price could apply to). */
export const USAGE_NOT_REPORTED = 'usage not reported';

export function buildCostRow(span: DecodedSpan, who: Attribution, usage: Usage, price: PriceResult | undefined, version: number): CostRow {
  const priced = priceColumns(price);
  // Field by field rather than a spread: this runs for every span, and V8's generic spread copy is the slow part.
  return {
    // One BigInt division per span: this runs 100k times a second.
    timestamp: Number(span.startTimeUnixNano / 1000n),
    app: who.app,
    feature: who.feature,
    user_id: who.userId,
    org_id: who.orgId,
    provider: usage.provider,
    model: usage.model ?? '',
    operation: usage.operation ?? '',
    input_tokens: usage.inputTokens ?? null,
    output_tokens: usage.outputTokens ?? null,
    cache_read_tokens: usage.cacheReadTokens ?? null,
    cache_write_tokens: usage.cacheWriteTokens ?? null,
    cache_write_1h_tokens: usage.cacheWrite1hTokens ?? null,
    reasoning_tokens: usage.reasoningTokens ?? null,
    units: usage.units ?? {},
    service_tier: usage.serviceTier ?? '',
    cost_usd: priced.cost_usd,
    charge_usd: priced.charge_usd,
    cost_source: priced.cost_source,
    unpriced_reason: priced.unpriced_reason,
    price_version: priced.price_version,
    provider_cost_usd: usage.providerCostUsd ?? null,
    trace_id: span.traceId,
    span_id: span.spanId,
    status_code: span.attributes[CANCELLED_ATTRIBUTE] === true ? 'cancelled' : (STATUS[span.status.code] ?? 'unset'),
    duration_ms: span.endTimeUnixNano > span.startTimeUnixNano ? Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6 : 0,
    meta: who.meta,
    version,
  };
}

/** The price columns of a row: cost and source when priced; NULL cost and the reason when not (`undefined`: no usage). */
export function priceColumns(price: PriceResult | undefined): PriceColumns {
  if (price?.status === 'priced') {
    return {
      cost_usd: price.costUsd,
      charge_usd: price.chargeUsd ?? null,
      cost_source: price.source,
      unpriced_reason: '',
      price_version: price.priceVersion,
    };
  }
  return {
    cost_usd: null,
    charge_usd: null,
    cost_source: '',
    unpriced_reason: price === undefined ? USAGE_NOT_REPORTED : price.reason,
    price_version: price?.priceVersion ?? '',
  };
}
