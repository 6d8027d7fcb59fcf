// parsePricesFile: the documented YAML and JSON formats, and errors that name the bad entry and field.

import { describe, expect, it } from 'vitest';
import { createPricer, parsePricesFile, validatePriceRules } from '@costtrace/pricing';

const YAML = `
overrides:
  - provider: openai
    model: gpt-4o-mini
    org: acme
    effective_from: 2026-01-01
    effective_to: 2026-07-01T00:00:00Z
    prices:
      input_mtok: "0.10"
      output_mtok: 0.4
  - provider: anthropic
    model: claude-sonnet-4-5
    prices:
      input_mtok: { base: "3", tiers: [{ start: 200000, price: "6" }] }
      output_mtok: 15
  - provider: firecrawl
    model: "*"
    units: { credits: "0.0005" }
markups:
  - org: acme
    percent: 20
  - org: friends
    percent: "-10"
unit_prices:
  - provider: cloro
    unit: credits
    usd: "0.001"
  - provider: deepgram
    unit: seconds
    usd: "0.0077"
    per: 60
    model: nova-3-streaming
aliases:
  - provider: azure.ai.openai
    model: prod-gpt4o-mini
    to: gpt-4o-mini
    to_provider: openai
`;

describe('parsePricesFile', () => {
  it('parses the documented YAML format', () => {
    const rules = parsePricesFile(YAML, 'yaml');
    expect(rules.overrides[0]).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      org: 'acme',
      effectiveFrom: Date.UTC(2026, 0, 1),
      effectiveTo: Date.UTC(2026, 6, 1),
      prices: { input_mtok: '0.10', output_mtok: '0.4' },
    });
    expect(rules.overrides[1]?.prices?.input_mtok).toEqual({ base: '3', tiers: [{ start: 200000, price: '6' }] });
    expect(rules.markups).toEqual([
      { org: 'acme', percent: '20' },
      { org: 'friends', percent: '-10' },
    ]);
    expect(rules.unitPrices[1]).toEqual({ provider: 'deepgram', unit: 'seconds', usd: '0.0077', per: 60, model: 'nova-3-streaming' });
    expect(rules.aliases).toEqual([{ provider: 'azure.ai.openai', model: 'prod-gpt4o-mini', to: 'gpt-4o-mini', toProvider: 'openai' }]);
  });

  it('parses the same document as JSON', () => {
    const json = JSON.stringify({
      overrides: [{ provider: 'openai', model: 'gpt-4o-mini', prices: { input_mtok: 0.1, output_mtok: '0.40' } }],
    });
    expect(parsePricesFile(json, 'json').overrides).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini', prices: { input_mtok: '0.1', output_mtok: '0.40' } },
    ]);
  });

  it('feeds createPricer directly', () => {
    const pricer = createPricer(parsePricesFile(YAML, 'yaml'));
    const u = { provider: 'azure.ai.openai', model: 'prod-gpt4o-mini', inputTokens: 1000, outputTokens: 500 };
    expect(pricer.price(u, { at: Date.UTC(2026, 2, 1), org: 'acme' })).toMatchObject({
      costUsd: '0.00045',
      chargeUsd: '0.00054',
      source: 'catalog',
    });
    expect(pricer.price({ ...u, provider: 'openai', model: 'gpt-4o-mini' }, { at: Date.UTC(2026, 2, 1), org: 'acme' })).toMatchObject({
      costUsd: '0.0003',
      chargeUsd: '0.00036',
      source: 'override',
    });
    expect(pricer.price({ provider: 'cloro', units: { credits: 3 } }, { at: Date.UTC(2026, 2, 1) })).toMatchObject({ costUsd: '0.003' });
    expect(pricer.version).toMatch(/^catalog@0\.1\.8\+rules:[0-9a-f]{16}$/);
  });

  it('accepts an empty file', () => {
    expect(parsePricesFile('', 'yaml')).toEqual({ overrides: [], markups: [], unitPrices: [], aliases: [] });
  });

  it.each([
    [
      'overrides:\n  - { provider: openai, model: x, prices: { input_mtok: abc } }',
      'overrides[0].prices.input_mtok: expected a non-negative decimal, got "abc"',
    ],
    [
      'overrides:\n  - { provider: openai, model: x, prices: { input_mtok: -1 } }',
      'overrides[0].prices.input_mtok: expected a non-negative decimal, got -1',
    ],
    [
      'overrides:\n  - { provider: openai, model: x, efective_from: 2026-01-01, prices: { input_mtok: 1 } }',
      'overrides[0].efective_from: unknown field',
    ],
    [
      'overrides:\n  - { provider: openai, model: x, prices: { input_per_token: 1 } }',
      'overrides[0].prices.input_per_token: unknown field',
    ],
    ['overrides:\n  - { provider: openai, prices: { input_mtok: 1 } }', 'overrides[0].model: expected a non-empty string, got undefined'],
    ['overrides:\n  - { provider: openai, model: x }', 'overrides[0]: needs prices or units'],
    [
      'overrides:\n  - { provider: openai, model: x, effective_from: "2026-01-01T00:00:00", prices: { input_mtok: 1 } }',
      'overrides[0].effective_from: expected a date',
    ],
    [
      'overrides:\n  - { provider: openai, model: x, effective_from: 2026-02-01, effective_to: 2026-01-01, prices: { input_mtok: 1 } }',
      'overrides[0].effective_to: must be after effective_from',
    ],
    [
      'overrides:\n  - { provider: openai, model: x, prices: { input_mtok: 1 } }\n  - { provider: openai, model: x, effective_from: 2026-01-01, prices: { input_mtok: 2 } }',
      'overrides[1]: overlaps overrides[0]',
    ],
    [
      'overrides:\n  - { provider: openai, model: x, prices: { input_mtok: { base: 1, tiers: [{ start: -5, price: 2 }] } } }',
      'overrides[0].prices.input_mtok.tiers[0].start: expected a token count',
    ],
    ['markups:\n  - { org: acme, percent: lots }', 'markups[0].percent: expected a decimal'],
    ['markups:\n  - { org: acme, percent: -150 }', 'markups[0] (acme): a discount cannot exceed 100%'],
    ['unit_prices:\n  - { provider: cloro, unit: credits, usd: "0.001", per: 0 }', 'unit_prices[0].per: expected a positive integer'],
    ['unit_prices:\n  - { provider: cloro, usd: "0.001" }', 'unit_prices[0].unit: expected a non-empty string'],
    ['aliases:\n  - { model: a }', 'aliases[0].to: expected a non-empty string'],
    ['overrides: {}', 'overrides: expected a list'],
    ['prices: []', 'prices file.prices: unknown field'],
    ['overrides: [', 'prices file: not valid YAML'],
  ])('rejects %j', (text, message) => {
    expect(() => parsePricesFile(text, 'yaml')).toThrow(message);
  });

  it('validates an already-parsed /v1/prices body the same way', () => {
    expect(() => validatePriceRules({ overrides: [{ provider: 'openai', model: 'x', prices: { input_mtok: '1.2.3' } }] })).toThrow(
      'overrides[0].prices.input_mtok: expected a non-negative decimal, got "1.2.3"',
    );
    expect(() => validatePriceRules('nope')).toThrow('prices file: expected a mapping');
  });
});
