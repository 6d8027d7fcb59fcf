import { expect, test } from 'vitest';
import { createPricer } from '@costtrace/pricing';
import { repriceRow, usageOfRow, type StoredCostRow } from './row-reprice.js';

const AT = Date.UTC(2026, 5, 1);

function row(extra: Partial<StoredCostRow> = {}): StoredCostRow {
  return {
    timestamp: '2026-06-01 00:00:00.000000',
    at_ms: String(AT),
    app: 'shop',
    feature: 'chat',
    org_id: 'acme',
    provider: 'openai',
    model: 'gpt-4o-mini',
    operation: 'chat',
    input_tokens: '1000',
    output_tokens: '500',
    cache_read_tokens: null,
    cache_write_tokens: null,
    cache_write_1h_tokens: null,
    reasoning_tokens: null,
    units: {},
    service_tier: '',
    provider_cost_usd: null,
    cost_usd: null,
    charge_usd: null,
    cost_source: '',
    unpriced_reason: '',
    price_version: '',
    version: '1',
    ...extra,
  };
}

test('usage is rebuilt from the row columns the span mapper wrote', () => {
  expect(
    usageOfRow(
      row({
        cache_read_tokens: '200',
        cache_write_tokens: '100',
        cache_write_1h_tokens: '40',
        units: { credits: 2.5 },
        service_tier: 'flex',
      }),
    ),
  ).toEqual({
    provider: 'openai',
    model: 'gpt-4o-mini',
    operation: 'chat',
    inputTokens: 1000,
    outputTokens: 500,
    cacheReadTokens: 200,
    cacheWriteTokens: 100,
    cacheWrite1hTokens: 40,
    units: { credits: 2.5 },
    serviceTier: 'flex',
  });
  expect(usageOfRow(row({ model: '', operation: '', input_tokens: null, output_tokens: null, provider_cost_usd: '0.0123' }))).toEqual({
    provider: 'openai',
    providerCostUsd: '0.0123',
  });
  expect(
    usageOfRow(row({ unpriced_reason: 'usage not reported', price_version: '', input_tokens: null, output_tokens: null })),
  ).toBeUndefined();
});

test('a cost the app declared stays manual, a provider-reported one stays provider', () => {
  const pricer = createPricer();
  for (const source of ['manual', 'provider']) {
    const stored = row({
      model: 'scrape',
      input_tokens: null,
      output_tokens: null,
      provider_cost_usd: '0.0123',
      cost_usd: '0.0123',
      cost_source: source,
      price_version: 'reported',
    });
    expect(repriceRow(stored, pricer)).toMatchObject({ changed: false, after: { cost_usd: '0.0123', cost_source: source } });
  }
});

test('an unpriced row becomes priced by a new override at its own time, app and org', () => {
  const pricer = createPricer({
    overrides: [
      {
        provider: 'openai',
        model: 'acme-llm',
        org: 'acme',
        effectiveFrom: Date.UTC(2026, 0, 1),
        prices: { input_mtok: '3', output_mtok: '6' },
      },
    ],
  });
  const unpriced = row({ model: 'acme-llm', unpriced_reason: 'no price for openai/acme-llm', price_version: 'catalog@0.1.8' });
  const result = repriceRow(unpriced, pricer)!;
  // 1000 × $3/M + 500 × $6/M
  expect(result.after).toMatchObject({ cost_usd: '0.006', cost_source: 'override', unpriced_reason: '' });
  expect(result.changed).toBe(true);
  // Before the override's effective date the call stays unpriced, with the same reason: nothing to rewrite.
  const early = repriceRow({ ...unpriced, at_ms: String(Date.UTC(2025, 11, 31)) }, pricer)!;
  expect(early.after.cost_usd).toBeNull();
  expect(early.changed).toBe(false);
  // Another org is not covered by the override.
  expect(repriceRow({ ...unpriced, org_id: 'globex' }, pricer)!.after.cost_usd).toBeNull();
});

test('a row already priced the same way is unchanged, trailing zeros or not', () => {
  const pricer = createPricer();
  const first = repriceRow(row(), pricer)!;
  expect(first.changed).toBe(true);
  const stored = row({ ...first.after, cost_usd: `${first.after.cost_usd}000` });
  expect(repriceRow(stored, pricer)!.changed).toBe(false);
});

test('a markup change rewrites the charge and the version, not the cost', () => {
  const plain = createPricer();
  const stored = row(repriceRow(row(), plain)!.after);
  const result = repriceRow(stored, createPricer({ markups: [{ org: 'acme', percent: '20' }] }))!;
  expect(result.changed).toBe(true);
  expect(result.after.cost_usd).toBe(stored.cost_usd);
  expect(result.after.charge_usd).not.toBeNull();
  expect(result.after.price_version).toMatch(/\+markup:/);
});
