// One cost_events row as the processor builds it, for exporter and spool tests: a priced chat call unless told otherwise.
import type { CostRow } from '../../src/processor/cost-row.js';

export function costRow(overrides: Partial<CostRow> = {}): CostRow {
  return {
    timestamp: 1763000000123456,
    app: 'shop',
    feature: 'chat',
    user_id: 'u1',
    org_id: 'o1',
    provider: 'openai',
    model: 'gpt-4o-mini',
    operation: 'chat',
    input_tokens: 1000,
    output_tokens: 500,
    cache_read_tokens: null,
    cache_write_tokens: null,
    cache_write_1h_tokens: null,
    reasoning_tokens: null,
    units: {},
    service_tier: '',
    cost_usd: '0.00045',
    charge_usd: null,
    provider_cost_usd: null,
    cost_source: 'catalog',
    unpriced_reason: '',
    price_version: 'catalog@0.1.8',
    trace_id: '0af7651916cd43dd8448eb211c80319c',
    span_id: 'b7ad6b7169203331',
    status_code: 'ok',
    duration_ms: 12.5,
    meta: {},
    version: 1,
    ...overrides,
  };
}
