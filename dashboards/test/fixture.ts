// A small cost_events dataset with hand-checkable numbers: runs of one and two calls, one span exported twice, one
// call re-priced by a newer version, one unpriced call, one call just outside the range, one empty feature and one
// feature with a quote in its name. Prices are flat per token, so cost = tokens × price exactly:
//   gpt-4o-mini      input $0.15/M, cache read $0.075/M, output $0.60/M
//   claude-sonnet-4  input $3/M,    cache read $0.30/M,  output $15/M
import type { Engine } from './engine.js';

/** The dashboards' time range in the tests: one week, whole seconds. */
export const RANGE = { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-08T00:00:00Z') };

type Model = 'gpt-4o-mini' | 'claude-sonnet-4' | 'acme-1';
const PROVIDER: Record<Model, string> = { 'gpt-4o-mini': 'openai', 'claude-sonnet-4': 'anthropic', 'acme-1': 'acme' };

/** timestamp, app, feature, user, org, model, input tokens, of which cache reads, output tokens, cost, trace, span, status, version */
type Call = [
  string,
  string,
  string,
  string,
  string,
  Model,
  number,
  number,
  number,
  string | null,
  string,
  string,
  ('ok' | 'error')?,
  number?,
];

// prettier-ignore
const CALLS: Call[] = [
  // ai-search run ta1 (u-1): 0.0021 + 0.0075 = 0.0096
  ['2025-06-02 10:00:00', 'shop', 'ai-search', 'u-1', 'o-1', 'gpt-4o-mini',     10000,     0, 1000, '0.0021',  'ta1', 's1'],
  ['2025-06-02 10:00:01', 'shop', 'ai-search', 'u-1', 'o-1', 'claude-sonnet-4',  2000,     0,  100, '0.0075',  'ta1', 's2'],
  // ai-search run ta2 (u-2): exported twice (see loadFixture), counted once
  ['2025-06-03 09:00:00', 'shop', 'ai-search', 'u-2', 'o-1', 'gpt-4o-mini',     20000,     0,  500, '0.0033',  'ta2', 's3'],
  // ai-search run ta3 (u-2): 10000 uncached + 30000 cache-read input tokens: 0.0015 + 0.00225 + 0.0006
  ['2025-06-04 12:00:00', 'shop', 'ai-search', 'u-2', 'o-1', 'gpt-4o-mini',     40000, 30000, 1000, '0.00435', 'ta3', 's4'],
  // chat run tc1 (u-3): 2000 uncached + 8000 cache-read: 0.006 + 0.0024 + 0.003
  ['2025-06-05 08:00:00', 'shop', 'chat',      'u-3', 'o-2', 'claude-sonnet-4', 10000,  8000,  200, '0.0114',  'tc1', 's5'],
  ['2025-06-05 09:00:00', 'shop', 'chat',      'u-3', 'o-2', 'claude-sonnet-4',  1000,     0, 1000, '0.018',   'tc2', 's6'],
  // chat run tc3 (u-4): one unpriced call (acme reports no cache usage: NULL), one priced call that ended in error
  ['2025-06-06 10:00:00', 'shop', 'chat',      'u-4', 'o-2', 'acme-1',            500,     0,   50, null,      'tc3', 's7'],
  ['2025-06-06 10:00:02', 'shop', 'chat',      'u-4', 'o-2', 'claude-sonnet-4',  3000,     0,  400, '0.015',   'tc3', 's8', 'error'],
  // no feature: 'untagged'
  ['2025-06-06 11:00:00', 'shop', '',          'u-1', 'o-1', 'gpt-4o-mini',      2000,     0,    0, '0.0003',  'tu1', 's9'],
  // another app, no user and no org
  ['2025-06-07 00:00:00', 'admin', 'summarize', '',   '',    'gpt-4o-mini',      6000,     0, 1500, '0.0018',  'ts1', 's10'],
  // one second before the range starts: in no panel
  ['2025-05-31 23:59:59', 'shop', 'ai-search', 'u-1', 'o-1', 'gpt-4o-mini',      1000,     0, 1000, '0.00075', 'tx',  's11'],
  // unpriced at first (version 1), re-priced by version 2: only 0.0042 counts
  ['2025-06-07 12:00:00', 'shop', 'chat',      'u-3', 'o-2', 'gpt-4o-mini',     20000,     0, 2000, null,      'tc4', 's12', 'ok', 1],
  ['2025-06-07 12:00:00', 'shop', 'chat',      'u-3', 'o-2', 'gpt-4o-mini',     20000,     0, 2000, '0.0042',  'tc4', 's12', 'ok', 2],
  // a quote in the feature name, to prove values are escaped
  ['2025-06-07 13:00:00', 'shop', "it's",      'u-5', 'o-3', 'gpt-4o-mini',      1000,     0,    0, '0.00015', 'tq1', 's13'],
];

function row([ts, app, feature, user, org, model, input, cacheRead, output, cost, trace, span, status, version]: Call): Record<
  string,
  unknown
> {
  return {
    timestamp: ts,
    app,
    feature,
    user_id: user,
    org_id: org,
    provider: PROVIDER[model],
    model,
    operation: 'chat',
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: model === 'acme-1' ? null : cacheRead,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: cost,
    cost_source: cost === null ? '' : 'catalog',
    unpriced_reason: cost === null ? 'model not in catalog' : '',
    price_version: cost === null ? '' : 'test-1',
    trace_id: trace,
    span_id: span,
    status_code: status ?? 'ok',
    duration_ms: 100,
    version: version ?? 1,
  };
}

/**
 * Inserts the calls as the collector would: each insert is its own part, the duplicate of s3 arrives in a later
 * insert (an exporter retry), and merges are stopped so the dashboards read the duplicates unmerged.
 */
export async function loadFixture(engine: Engine): Promise<void> {
  // No background merge may collapse the duplicates first: FINAL alone must do it, as on a busy server.
  await engine.client.command({ query: 'SYSTEM STOP MERGES costtrace.cost_events' });
  const insert = (calls: Call[]) => engine.client.insert({ table: 'costtrace.cost_events', values: calls.map(row), format: 'JSONEachRow' });
  await insert(CALLS.filter((call) => call[13] !== 2));
  await insert(CALLS.filter((call) => call[11] === 's3' || call[13] === 2));
}
