// Catalog loading (bundled and operator-supplied) and (provider, model) resolution.

import { describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG_VERSION, bundledCatalog, createPricer, loadCatalog } from '@costtrace/pricing';
import { catalogProvider, modelCandidates, resolveModel } from './model-resolution.js';

const when = { at: Date.UTC(2026, 0, 1) };

const OPERATOR_DATA = JSON.stringify([
  {
    id: 'openai',
    name: 'OpenAI',
    api_pattern: 'https://api\\.openai\\.com',
    models: [
      { id: 'gpt-4o-mini', match: { starts_with: 'gpt-4o-mini' }, prices: { input_mtok: 0.2, output_mtok: 0.8 } },
      { id: 'odd', match: { equals: 'odd' }, prices: { input_mtok: 1, gpu_seconds: 3 } },
      {
        id: 'dated',
        match: { equals: 'dated' },
        prices: [{ prices: { input_mtok: 1 } }, { constraint: { start_date: '2026-06-01' }, prices: { input_mtok: 2 } }],
      },
    ],
  },
]);

describe('loadCatalog', () => {
  it('bundles genai-prices 0.1.8 offline', () => {
    const catalog = bundledCatalog();
    expect(catalog.version).toBe(BUNDLED_CATALOG_VERSION);
    expect(catalog.providers.size).toBe(43);
    expect([...catalog.providers.values()].reduce((n, p) => n + p.models.length, 0)).toBe(1694);
  });

  it('prices from operator data, versioned by a hash of the data', () => {
    const catalog = loadCatalog(OPERATOR_DATA);
    expect(catalog.version).toMatch(/^catalog:[0-9a-f]{16}$/);
    expect(loadCatalog(OPERATOR_DATA).version).toBe(catalog.version);
    expect(loadCatalog(OPERATOR_DATA, 'catalog@2026-11-20').version).toBe('catalog@2026-11-20');
    const pricer = createPricer({ catalog });
    // 1000 × 0.2/M + 500 × 0.8/M
    expect(pricer.price({ provider: 'openai', model: 'gpt-4o-mini-2024-07-18', inputTokens: 1000, outputTokens: 500 }, when)).toMatchObject(
      {
        costUsd: '0.0006',
        priceVersion: catalog.version,
      },
    );
  });

  it('chooses date-conditional variants by the call time', () => {
    const pricer = createPricer({ catalog: loadCatalog(OPERATOR_DATA) });
    const u = { provider: 'openai', model: 'dated', inputTokens: 1_000_000 };
    expect(pricer.price(u, { at: Date.UTC(2026, 4, 31, 23, 59) })).toMatchObject({ costUsd: '1' });
    expect(pricer.price(u, { at: Date.UTC(2026, 5, 1) })).toMatchObject({ costUsd: '2' });
  });

  it('leaves an entry it cannot read unpriced with the reason, never zero', () => {
    const pricer = createPricer({ catalog: loadCatalog(OPERATOR_DATA) });
    expect(pricer.price({ provider: 'openai', model: 'odd', inputTokens: 10 }, when)).toMatchObject({
      status: 'unpriced',
      reason: 'unsupported price key gpu_seconds (openai/odd)',
    });
  });

  it.each([
    ['not json', 'Unexpected token'],
    ['[]', 'catalog: expected a non-empty array of providers'],
    ['[{"id":"x"}]', 'catalog: provider 0: needs id and models'],
    ['[{"id":"x","models":[{"id":"m","prices":{}}]}]', 'catalog: x model 0: needs id and match'],
    ['[{"id":"x","models":[{"id":"m","match":{"near":"m"},"prices":{}}]}]', 'catalog: x model 0 (m): unknown match'],
    [
      '[{"id":"x","models":[{"id":"m","match":{"equals":"m"},"prices":[{"constraint":{"weekday":1},"prices":{}}]}]}]',
      'unknown price constraint',
    ],
  ])('rejects bad data %j so the caller keeps its last good catalog', (data, message) => {
    expect(() => loadCatalog(data)).toThrow(message);
  });
});

describe('model resolution', () => {
  const catalog = bundledCatalog();

  it('derives candidate ids from prefixes and dates', () => {
    expect(modelCandidates('models/gemini-2.0-flash')).toEqual(['models/gemini-2.0-flash', 'gemini-2.0-flash']);
    expect(modelCandidates('GPT-4o-2024-08-06')).toEqual(['gpt-4o-2024-08-06', 'gpt-4o']);
    expect(modelCandidates('claude-sonnet-4-20250514')).toEqual([
      'claude-sonnet-4-20250514',
      'claude-sonnet-4-2025-05-14',
      'claude-sonnet-4',
    ]);
    expect(modelCandidates('claude-3-5-sonnet@20240620')).toEqual(['claude-3-5-sonnet@20240620', 'claude-3-5-sonnet']);
    expect(modelCandidates('arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0')[1]).toBe(
      'us.anthropic.claude-3-haiku-20240307-v1:0',
    );
  });

  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['gcp.gemini', 'google'],
    ['gcp.vertex_ai', 'google'],
    ['aws.bedrock', 'aws'],
    ['azure.ai.openai', 'azure'],
    ['mistral_ai', 'mistral'],
    ['groq', 'groq'],
    ['deepseek', 'deepseek'],
    ['x_ai', 'x-ai'],
    ['perplexity', 'perplexity'],
    ['cohere', 'cohere'],
    ['openrouter', 'openrouter'],
    ['together', 'together'],
    ['fireworks', 'fireworks'],
  ])('maps semconv provider %s to catalog provider %s', (ours, theirs) => {
    expect(catalogProvider(catalog, ours)?.id).toBe(theirs);
  });

  it.each([
    ['anthropic', 'claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
    ['gcp.vertex_ai', 'claude-sonnet-4@20250514', 'claude-4-sonnet'],
    ['aws.bedrock', 'anthropic.claude-3-haiku-20240307-v1:0', 'regional.anthropic.claude-3-haiku-20240307-v1:0'],
    ['azure.ai.openai', 'gpt-4o-mini', 'gpt-4o-mini'],
    ['openrouter', 'openai/gpt-4o-mini', 'openai/gpt-4o-mini'],
    ['openrouter', 'openai/gpt-4o-2024-08-06', 'openai/gpt-4o'],
    // not in OpenRouter's own list: priced with the vendor's catalog
    ['openrouter', 'openai/gpt-4o-realtime-preview', 'gpt-4o-realtime-preview'],
    ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'],
  ])('resolves %s %s to %s', (provider, model, id) => {
    expect(resolveModel(catalog, [], provider, model)?.model.id).toBe(id);
  });

  it('resolves nothing for unknown models', () => {
    expect(resolveModel(catalog, [], 'openai', 'foo-model')).toBeUndefined();
    expect(resolveModel(catalog, [], 'nobody', 'gpt-4o')).toBeUndefined();
  });
});
