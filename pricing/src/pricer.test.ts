// price(): source precedence, overrides with effective dates and scope, org markups, aliases, reported costs,
// unit pricing and unpriced reasons. Expected amounts are worked out by hand in each test.

import { describe, expect, it } from 'vitest';
import { createPricer, type PriceOverride, type PriceResult, type Usage } from '@costtrace/pricing';

const at = (iso: string) => ({ at: Date.parse(iso) });
const MINI: Usage = { provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 500 };

function cost(result: PriceResult): string {
  if (result.status !== 'priced') throw new Error(`unpriced: ${result.reason}`);
  return result.costUsd;
}

function reason(result: PriceResult): string {
  if (result.status !== 'unpriced') throw new Error(`priced: ${result.costUsd}`);
  return result.reason;
}

describe('overrides', () => {
  const negotiated: PriceOverride = {
    provider: 'openai',
    model: 'gpt-4o-mini',
    org: 'acme',
    effectiveFrom: Date.parse('2026-01-01T00:00:00Z'),
    effectiveTo: Date.parse('2026-07-01T00:00:00Z'),
    prices: { input_mtok: '0.10', output_mtok: '0.40' },
  };
  const pricer = createPricer({ overrides: [negotiated] });

  it('applies the price in effect at the call time, for its org only', () => {
    // 1000 × 0.10/M + 500 × 0.40/M = 0.0001 + 0.0002
    expect(pricer.price(MINI, { ...at('2026-03-01T00:00:00Z'), org: 'acme' })).toMatchObject({ costUsd: '0.0003', source: 'override' });
    expect(pricer.price(MINI, { ...at('2026-03-01T00:00:00Z'), org: 'other' })).toMatchObject({ costUsd: '0.00045', source: 'catalog' });
    expect(pricer.price(MINI, { ...at('2025-12-31T23:59:59Z'), org: 'acme' })).toMatchObject({ costUsd: '0.00045', source: 'catalog' });
    // effective_to is exclusive
    expect(pricer.price(MINI, { ...at('2026-07-01T00:00:00Z'), org: 'acme' })).toMatchObject({ costUsd: '0.00045', source: 'catalog' });
  });

  it('names the entry that priced the row, stably', () => {
    const a = pricer.price(MINI, { ...at('2026-03-01T00:00:00Z'), org: 'acme' });
    const b = createPricer({ overrides: [{ ...negotiated }] }).price(MINI, { ...at('2026-03-01T00:00:00Z'), org: 'acme' });
    const c = createPricer({ overrides: [{ ...negotiated, prices: { input_mtok: '0.11', output_mtok: '0.40' } }] }).price(MINI, {
      ...at('2026-03-01T00:00:00Z'),
      org: 'acme',
    });
    expect(a.priceVersion).toMatch(/^override:[0-9a-f]{16}$/);
    expect(b.priceVersion).toBe(a.priceVersion);
    expect(c.priceVersion).not.toBe(a.priceVersion);
  });

  it('matches dated model ids and prefers the most specific scope', () => {
    const p = createPricer({
      overrides: [
        { provider: 'openai', model: 'gpt-4o-mini', prices: { input_mtok: '1', output_mtok: '1' } },
        { provider: 'openai', model: 'gpt-4o-mini', org: 'acme', prices: { input_mtok: '2', output_mtok: '2' } },
        { provider: 'openai', model: 'gpt-4o-mini', org: 'acme', app: 'checkout', prices: { input_mtok: '3', output_mtok: '3' } },
      ],
    });
    const dated = { ...MINI, model: 'gpt-4o-mini-2024-07-18' };
    expect(cost(p.price(dated, at('2026-01-01T00:00:00Z')))).toBe('0.0015');
    expect(cost(p.price(dated, { ...at('2026-01-01T00:00:00Z'), org: 'acme' }))).toBe('0.003');
    expect(cost(p.price(dated, { ...at('2026-01-01T00:00:00Z'), org: 'acme', app: 'checkout' }))).toBe('0.0045');
  });

  it('prices every model of a provider with model "*" (a self-hosted server costs exactly 0)', () => {
    const p = createPricer({ overrides: [{ provider: 'vllm', model: '*', prices: { input_mtok: '0', output_mtok: '0' } }] });
    expect(p.price({ provider: 'vllm', model: 'llama-3-8b', inputTokens: 10, outputTokens: 5 }, at('2026-01-01T00:00:00Z'))).toMatchObject({
      status: 'priced',
      costUsd: '0',
      source: 'override',
    });
  });

  it('prices negotiated units and can be limited to a service tier', () => {
    const p = createPricer({
      overrides: [
        { provider: 'firecrawl', model: '*', units: { credits: '0.0005' } },
        { provider: 'openai', model: 'gpt-4o-mini', serviceTier: 'batch', prices: { input_mtok: '0.05', output_mtok: '0.2' } },
      ],
    });
    expect(cost(p.price({ provider: 'firecrawl', units: { credits: 7 } }, at('2026-01-01T00:00:00Z')))).toBe('0.0035');
    // 1000 × 0.05/M + 500 × 0.2/M
    expect(cost(p.price({ ...MINI, serviceTier: 'batch' }, at('2026-01-01T00:00:00Z')))).toBe('0.00015');
    expect(cost(p.price(MINI, at('2026-01-01T00:00:00Z')))).toBe('0.00045');
    expect(reason(p.price({ provider: 'firecrawl', units: { pages: 2 } }, at('2026-01-01T00:00:00Z')))).toMatch(
      /^the override prices none of the reported usage \(override:[0-9a-f]{16}\)$/,
    );
  });

  it('wins over a provider-reported cost, which wins over the catalog', () => {
    const p = createPricer({
      overrides: [{ provider: 'openrouter', model: 'openai/gpt-4o-mini', prices: { input_mtok: '1', output_mtok: '1' } }],
    });
    const u = { provider: 'openrouter', model: 'openai/gpt-4o-mini', inputTokens: 1000, outputTokens: 500, providerCostUsd: '0.00047' };
    expect(p.price(u, at('2026-01-01T00:00:00Z'))).toMatchObject({ costUsd: '0.0015', source: 'override' });
    expect(createPricer().price(u, at('2026-01-01T00:00:00Z'))).toMatchObject({
      costUsd: '0.00047',
      source: 'provider',
      priceVersion: 'reported',
    });
  });

  it('rejects a bad override at start-up, naming it', () => {
    expect(() => createPricer({ overrides: [{ provider: 'openai', model: 'x', prices: { input_mtok: 'cheap' } }] })).toThrow(
      'overrides[0] (openai/x): invalid price for input_mtok',
    );
    expect(() => createPricer({ overrides: [{ provider: 'openai', model: 'x', prices: { gpu_hours: '1' } }] })).toThrow(
      'unsupported price key gpu_hours',
    );
  });
});

describe('org markups', () => {
  const pricer = createPricer({
    markups: [
      { org: 'acme', percent: '20' },
      { org: 'friends', percent: '-10', effectiveFrom: Date.parse('2026-02-01T00:00:00Z') },
    ],
  });

  it('adds chargeUsd and keeps costUsd the true cost', () => {
    expect(pricer.price(MINI, { ...at('2026-01-01T00:00:00Z'), org: 'acme' })).toMatchObject({
      costUsd: '0.00045',
      chargeUsd: '0.00054',
      breakdown: [
        { component: 'input', costUsd: '0.00015' },
        { component: 'output', costUsd: '0.0003' },
      ],
    });
    expect(pricer.price(MINI, { ...at('2026-03-01T00:00:00Z'), org: 'friends' })).toMatchObject({
      costUsd: '0.00045',
      chargeUsd: '0.000405',
    });
  });

  it('applies only in its window and to its org, and records itself in priceVersion', () => {
    const before = pricer.price(MINI, { ...at('2026-01-01T00:00:00Z'), org: 'friends' });
    expect(before).toMatchObject({ costUsd: '0.00045' });
    expect(before).not.toHaveProperty('chargeUsd');
    expect(pricer.price(MINI, at('2026-03-01T00:00:00Z'))).not.toHaveProperty('chargeUsd');
    expect(pricer.price(MINI, { ...at('2026-01-01T00:00:00Z'), org: 'acme' }).priceVersion).toMatch(
      /^catalog@0\.1\.8\+markup:[0-9a-f]{16}$/,
    );
  });
});

describe('aliases', () => {
  const pricer = createPricer({
    aliases: [
      { provider: 'azure.ai.openai', model: 'prod-gpt4o-mini', to: 'gpt-4o-mini' },
      { provider: 'azure.ai.openai', model: 'eu-deploy', to: 'gpt-4o-mini', toProvider: 'openai' },
      { model: 'house-model', to: 'gpt-4o-mini', toProvider: 'openai' },
    ],
  });

  it('resolves Azure deployment names to the model they serve', () => {
    const u = { ...MINI, provider: 'azure.ai.openai', model: 'prod-gpt4o-mini' };
    expect(pricer.price(u, at('2026-01-01T00:00:00Z'))).toMatchObject({ costUsd: '0.00045', pricedModel: 'gpt-4o-mini' });
    expect(pricer.price({ ...u, model: 'eu-deploy' }, at('2026-01-01T00:00:00Z'))).toMatchObject({ costUsd: '0.00045' });
    expect(pricer.price({ ...u, provider: 'litellm', model: 'house-model' }, at('2026-01-01T00:00:00Z'))).toMatchObject({
      costUsd: '0.00045',
    });
  });

  it('leaves an unaliased deployment unpriced', () => {
    expect(reason(pricer.price({ ...MINI, provider: 'azure.ai.openai', model: 'prod-other' }, at('2026-01-01T00:00:00Z')))).toBe(
      'no price for azure.ai.openai/prod-other',
    );
  });
});

describe('contradictory or missing usage is unpriced, never zero', () => {
  const pricer = createPricer();
  const when = at('2026-01-01T00:00:00Z');
  it.each([
    [{ ...MINI, cacheReadTokens: 5000 }, 'cacheReadTokens + cacheWriteTokens 5000 exceed inputTokens 1000'],
    [{ ...MINI, inputTokens: -1 }, 'inputTokens -1 is not a non-negative integer'],
    [{ ...MINI, outputTokens: Number.NaN }, 'outputTokens NaN is not a non-negative integer'],
    [{ ...MINI, inputTokens: 10.5 }, 'inputTokens 10.5 is not a non-negative integer'],
    [{ ...MINI, reasoningTokens: 501 }, 'reasoningTokens 501 exceed outputTokens 500'],
    [{ ...MINI, cacheWriteTokens: 10, cacheWrite1hTokens: 11 }, 'cacheWrite1hTokens 11 exceed cacheWriteTokens 10'],
    [
      { provider: 'openai', model: 'gpt-4o-mini', cacheReadTokens: 10, outputTokens: 5 },
      'cacheReadTokens + cacheWriteTokens 10 reported without inputTokens',
    ],
    [{ ...MINI, units: { web_search_requests: -2 } }, 'units.web_search_requests -2 is not a finite non-negative number'],
    [{ ...MINI, model: 'foo-model' }, 'no price for openai/foo-model'],
    [{ provider: 'openai', inputTokens: 5 }, 'no model reported for openai'],
    [{ provider: 'openai', model: 'gpt-4o-mini' }, 'no usage reported for openai/gpt-4o-mini'],
    [{ ...MINI, serviceTier: 'priority', model: 'gpt-3.5-turbo' }, 'no priority service-tier price for openai/gpt-3.5-turbo'],
    [{ ...MINI, serviceTier: 'scale' }, 'no scale service-tier price for openai/gpt-4o-mini'],
    [{ ...MINI, providerCostUsd: '1e-5' }, 'providerCostUsd "1e-5" is not a non-negative decimal'],
  ] as Array<[Usage, string]>)('%j', (usage, why) => {
    const result = pricer.price(usage, when);
    expect(result).toEqual({ status: 'unpriced', reason: why, priceVersion: 'catalog@0.1.8' });
  });

  it('rejects an invalid call time', () => {
    expect(reason(pricer.price(MINI, { at: Number.NaN }))).toBe('invalid call time');
  });
});

describe('reported costs', () => {
  const pricer = createPricer();
  it('uses the provider figure as reported and marks hand-declared costs manual', () => {
    const u = { provider: 'perplexity', model: 'sonar', inputTokens: 10, outputTokens: 10, providerCostUsd: '0.005020' };
    expect(pricer.price(u, at('2026-01-01T00:00:00Z'))).toMatchObject({ costUsd: '0.00502', source: 'provider' });
    expect(
      pricer.price({ provider: 'dataforseo', providerCostUsd: '0.0006', costReportedBy: 'manual' }, at('2026-01-01T00:00:00Z')),
    ).toMatchObject({
      costUsd: '0.0006',
      source: 'manual',
    });
  });
});

describe('unit-billed providers', () => {
  const pricer = createPricer();
  const when = at('2026-01-01T00:00:00Z');

  it('prices shipped defaults exactly, rounding half-even only at the femto-dollar', () => {
    // Deepgram $0.0043 per 60 s: 12.5 s = 0.00089583333… → 15 decimals
    expect(pricer.price({ provider: 'deepgram', model: 'nova-3', units: { seconds: 12.5 } }, when)).toMatchObject({
      costUsd: '0.000895833333333',
      source: 'catalog',
      priceVersion: 'units@2026-11-22',
    });
    // ElevenLabs: Flash $0.05 per 1,000 characters, Multilingual $0.10
    expect(cost(pricer.price({ provider: 'elevenlabs', model: 'eleven_flash_v2_5', units: { characters: 1234 } }, when))).toBe('0.0617');
    expect(cost(pricer.price({ provider: 'elevenlabs', model: 'eleven_multilingual_v2', units: { characters: 1234 } }, when))).toBe(
      '0.1234',
    );
    // Firecrawl $83 per 100,000 credits
    expect(cost(pricer.price({ provider: 'firecrawl', units: { credits: 5 } }, when))).toBe('0.00415');
  });

  it('lets the operator set or replace unit prices, with dates', () => {
    const p = createPricer({
      unitPrices: [
        { provider: 'cloro', unit: 'credits', usd: '0.001' },
        { provider: 'firecrawl', unit: 'credits', usd: '0.0004', effectiveFrom: Date.parse('2026-06-01T00:00:00Z') },
      ],
    });
    expect(p.price({ provider: 'cloro', units: { credits: 7 } }, when)).toMatchObject({ costUsd: '0.007', source: 'override' });
    expect(cost(p.price({ provider: 'firecrawl', units: { credits: 5 } }, when))).toBe('0.00415');
    expect(cost(p.price({ provider: 'firecrawl', units: { credits: 5 } }, at('2026-06-02T00:00:00Z')))).toBe('0.002');
  });

  it('leaves units without a price unpriced', () => {
    expect(reason(pricer.price({ provider: 'cloro', units: { credits: 7 } }, when))).toBe('no unit price for cloro/credits');
    expect(reason(pricer.price({ provider: 'firecrawl', units: { pages: 3 } }, when))).toBe('no unit price for firecrawl/pages');
    expect(reason(pricer.price({ provider: 'fal', model: 'fal-ai/unknown', units: { billable_units: 1 } }, when))).toBe(
      'no unit price for fal/billable_units (fal-ai/unknown)',
    );
  });
});

describe('results', () => {
  const pricer = createPricer();

  it('breaks the cost into disjoint lines that sum to the total, and serialises them', () => {
    const result = pricer.price(
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        inputTokens: 10000,
        cacheReadTokens: 6000,
        cacheWriteTokens: 2000,
        cacheWrite1hTokens: 500,
        outputTokens: 500,
      },
      at('2026-01-01T00:00:00Z'),
    );
    expect(result.status).toBe('priced');
    if (result.status !== 'priced') return;
    expect(result.breakdown.map((l) => [l.component, l.units, l.costUsd])).toEqual([
      ['cache_write_1h', 500, '0.003'],
      ['cache_write', 1500, '0.005625'],
      ['cache_read', 6000, '0.0018'],
      ['input', 2000, '0.006'],
      ['output', 500, '0.0075'],
    ]);
    // 0.003 + 0.005625 + 0.0018 + 0.006 + 0.0075
    expect(result.costUsd).toBe('0.023925');
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({
      costUsd: '0.023925',
      breakdown: [{ component: 'cache_write_1h' }, {}, {}, {}, {}],
    });
  });

  it('switches to BigInt beyond 2^53 femto-dollars and stays exact', () => {
    // 4,000,000,007 input tokens × $15/M = $60,000.000105; 3 output tokens × $75/M = $0.000225
    const result = pricer.price(
      { provider: 'anthropic', model: 'claude-opus-4-1', inputTokens: 4_000_000_007, outputTokens: 3 },
      at('2026-01-01T00:00:00Z'),
    );
    expect(result).toMatchObject({ costUsd: '60000.00033', breakdown: [{ costUsd: '60000.000105' }, { costUsd: '0.000225' }] });
  });
});
