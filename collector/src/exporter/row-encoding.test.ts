import { expect, test } from 'vitest';
import type { CostRow } from '../processor/cost-row.js';
import { encodeRows, ROW_COLUMNS } from './row-encoding.js';

const row: CostRow = {
  timestamp: '1763000000.123456',
  app: 'shop',
  feature: 'chat "quoted"\n',
  user_id: 'u',
  org_id: 'o',
  provider: 'openai',
  model: 'gpt-4o-mini',
  operation: 'chat',
  input_tokens: 1000,
  output_tokens: 500,
  cache_read_tokens: null,
  cache_write_tokens: 3,
  cache_write_1h_tokens: null,
  reasoning_tokens: 0,
  units: { credits: 2.5 },
  service_tier: 'flex',
  cost_usd: '0.00045',
  charge_usd: null,
  provider_cost_usd: null,
  cost_source: 'catalog',
  unpriced_reason: '',
  price_version: 'catalog@0.1.8',
  trace_id: 't',
  span_id: 's',
  status_code: 'ok',
  duration_ms: 12.5,
  meta: { plan: 'pro' },
  version: 7,
};

test('text beyond ASCII and lone surrogates are written as UTF-8 the engine can read', () => {
  const text = encodeRows([{ ...row, feature: 'résumé 😀 \ud800', meta: { région: 'Zürich' } }]).toString('utf8');
  expect(JSON.parse(text)).toEqual(
    ROW_COLUMNS.map((c) => (c === 'feature' ? 'résumé 😀 \ud800' : c === 'meta' ? { région: 'Zürich' } : row[c])),
  );
  expect(text.endsWith('\n')).toBe(true);
});

test('every CostRow field is a column, once, in the order the line is written', () => {
  expect([...ROW_COLUMNS].sort()).toEqual(Object.keys(row).sort());
  expect(encodeRows([row, row]).toString()).toBe(`${JSON.stringify(ROW_COLUMNS.map((c) => row[c]))}\n`.repeat(2));
});
