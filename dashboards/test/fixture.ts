// A small cost_events dataset with hand-checkable numbers: two runs of ai-search share a trace, one span is exported
// twice, one is re-priced by a newer version, one call is unpriced, one lies outside the range, one feature is empty
// and one has a quote in its name. Prices are flat per token, so cost = tokens × price exactly:
//   gpt-4o-mini      input $0.15/M, cache read $0.075/M, output $0.60/M
//   claude-sonnet-4  input $3/M,    cache read $0.30/M,  output $15/M
import type { Engine } from './engine.js';

interface Call {
  ts: string;
  app?: string;
  feature: string;
  user: string;
  org: string;
  model: 'gpt-4o-mini' | 'claude-sonnet-4' | 'acme-1';
  input: number;
  output: number;
  cacheRead?: number;
  cost: string | null;
  trace: string;
  span: string;
  status?: 'ok' | 'error';
  version?: number;
}

const PROVIDER = { 'gpt-4o-mini': 'openai', 'claude-sonnet-4': 'anthropic', 'acme-1': 'acme' } as const;

/** The dashboards' time range in the tests: one week, whole seconds. */
export const RANGE = { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-08T00:00:00Z') };

export const CALLS: Call[] = [
  // ai-search run ta1 (u-1): 0.0021 + 0.0075 = 0.0096
  { ts: '2025-06-02 10:00:00', feature: 'ai-search', user: 'u-1', org: 'o-1', model: 'gpt-4o-mini', input: 10000, output: 1000, cost: '0.0021', trace: 'ta1', span: 's1' },
  { ts: '2025-06-02 10:00:01', feature: 'ai-search', user: 'u-1', org: 'o-1', model: 'claude-sonnet-4', input: 2000, output: 100, cost: '0.0075', trace: 'ta1', span: 's2' },
  // ai-search run ta2 (u-2): exported twice below, counted once
  { ts: '2025-06-03 09:00:00', feature: 'ai-search', user: 'u-2', org: 'o-1', model: 'gpt-4o-mini', input: 20000, output: 500, cost: '0.0033', trace: 'ta2', span: 's3' },
  // ai-search run ta3 (u-2): 10000 uncached + 30000 cache-read input tokens: 0.0015 + 0.00225 + 0.0006
  { ts: '2025-06-04 12:00:00', feature: 'ai-search', user: 'u-2', org: 'o-1', model: 'gpt-4o-mini', input: 40000, cacheRead: 30000, output: 1000, cost: '0.00435', trace: 'ta3', span: 's4' },
  // chat run tc1 (u-3): 2000 uncached + 8000 cache-read: 0.006 + 0.0024 + 0.003
  { ts: '2025-06-05 08:00:00', feature: 'chat', user: 'u-3', org: 'o-2', model: 'claude-sonnet-4', input: 10000, cacheRead: 8000, output: 200, cost: '0.0114', trace: 'tc1', span: 's5' },
  { ts: '2025-06-05 09:00:00', feature: 'chat', user: 'u-3', org: 'o-2', model: 'claude-sonnet-4', input: 1000, output: 1000, cost: '0.018', trace: 'tc2', span: 's6' },
  // chat run tc3 (u-4): one unpriced call, one priced call that ended in error
  { ts: '2025-06-06 10:00:00', feature: 'chat', user: 'u-4', org: 'o-2', model: 'acme-1', input: 500, output: 50, cost: null, trace: 'tc3', span: 's7' },
  { ts: '2025-06-06 10:00:02', feature: 'chat', user: 'u-4', org: 'o-2', model: 'claude-sonnet-4', input: 3000, output: 400, cost: '0.015', trace: 'tc3', span: 's8', status: 'error' },
  // no feature: 'untagged'
  { ts: '2025-06-06 11:00:00', feature: '', user: 'u-1', org: 'o-1', model: 'gpt-4o-mini', input: 2000, output: 0, cost: '0.0003', trace: 'tu1', span: 's9' },
  // another app, no user and no org
  { ts: '2025-06-07 00:00:00', app: 'admin', feature: 'summarize', user: '', org: '', model: 'gpt-4o-mini', input: 6000, output: 1500, cost: '0.0018', trace: 'ts1', span: 's10' },
  // outside the range (one second before it starts): must appear nowhere
  { ts: '2025-05-31 23:59:59', feature: 'ai-search', user: 'u-1', org: 'o-1', model: 'gpt-4o-mini', input: 1000, output: 1000, cost: '0.00075', trace: 'tx', span: 's11' },
  // unpriced at first (version 1), re-priced by version 2: only 0.0042 counts
  { ts: '2025-06-07 12:00:00', feature: 'chat', user: 'u-3', org: 'o-2', model: 'gpt-4o-mini', input: 20000, output: 2000, cost: null, trace: 'tc4', span: 's12', version: 1 },
  { ts: '2025-06-07 12:00:00', feature: 'chat', user: 'u-3', org: 'o-2', model: 'gpt-4o-mini', input: 20000, output: 2000, cost: '0.0042', trace: 'tc4', span: 's12', version: 2 },
  // a quote in the feature name, to prove values are escaped
  { ts: '2025-06-07 13:00:00', feature: "it's", user: 'u-5', org: 'o-3', model: 'gpt-4o-mini', input: 1000, output: 0, cost: '0.00015', trace: 'tq1', span: 's13' },
];

function row(call: Call): Record<string, unknown> {
  return {
    timestamp: call.ts,
    app: call.app ?? 'shop',
    feature: call.feature,
    user_id: call.user,
    org_id: call.org,
    provider: PROVIDER[call.model],
    model: call.model,
    operation: 'chat',
    input_tokens: call.input,
    output_tokens: call.output,
    // acme reports no cache usage at all (NULL), unlike a reported 0
    cache_read_tokens: call.model === 'acme-1' ? null : (call.cacheRead ?? 0),
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: call.cost,
    cost_source: call.cost === null ? '' : 'catalog',
    unpriced_reason: call.cost === null ? 'model not in catalog' : '',
    price_version: call.cost === null ? '' : 'test-1',
    trace_id: call.trace,
    span_id: call.span,
    status_code: call.status ?? 'ok',
    duration_ms: 100,
    version: call.version ?? 1,
  };
}

/**
 * Inserts the calls as the collector would: each insert is its own part, the duplicate of s3 arrives in a later
 * insert (an exporter retry), and merges are stopped so the dashboards read the duplicates unmerged.
 */
export async function loadFixture(engine: Engine): Promise<void> {
  // No background merge may collapse the duplicates first: FINAL alone must do it, as on a busy server.
  await engine.client.command({ query: 'SYSTEM STOP MERGES costtrace.cost_events' });
  const insert = (calls: Call[]) =>
    engine.client.insert({ table: 'costtrace.cost_events', values: calls.map(row), format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
  await insert(CALLS.filter((call) => call.version !== 2));
  await insert(CALLS.filter((call) => call.span === 's3' || call.version === 2));
}
