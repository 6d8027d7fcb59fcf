import { describe, expect, test } from 'vitest';
import type { Attributes, DecodedSpan } from '../receiver/decoded-span.js';
import { readSpanUsage } from './span-usage.js';
import { readAttribution } from './span-attribution.js';

function span(attributes: Attributes, options: { kind?: number; resource?: Attributes } = {}): DecodedSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    name: 'chat',
    kind: options.kind ?? 3,
    startTimeUnixNano: 1_763_000_000_000_000_000n,
    endTimeUnixNano: 1_763_000_001_000_000_000n,
    attributes,
    resource: options.resource ?? { 'service.name': 'shop' },
    scope: { name: 'test', version: '', attributes: {} },
    status: { code: 0, message: '' },
  };
}

describe('readSpanUsage', () => {
  test('current GenAI semconv names, response model preferred over request model', () => {
    const found = readSpanUsage(
      span({
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'claude-sonnet-4',
        'gen_ai.response.model': 'claude-sonnet-4-20250514',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.usage.cache_read.input_tokens': 800,
        'gen_ai.usage.cache_creation.input_tokens': 100,
        'costtrace.usage.cache_write_1h.input_tokens': 40,
        'gen_ai.usage.reasoning.output_tokens': 120,
      }),
    );
    expect(found).toEqual({
      kind: 'usage',
      reported: true,
      usage: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        operation: 'chat',
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadTokens: 800,
        cacheWriteTokens: 100,
        cacheWrite1hTokens: 40,
        reasoningTokens: 120,
      },
    });
  });

  test('deprecated gen_ai.system and prompt/completion token names, provider aliases normalised', () => {
    const found = readSpanUsage(
      span({
        'gen_ai.system': 'Gemini',
        'gen_ai.request.model': 'gemini-2.5-flash',
        'gen_ai.usage.prompt_tokens': '42',
        'gen_ai.usage.completion_tokens': 7,
      }),
    );
    expect(found).toMatchObject({ kind: 'usage', usage: { provider: 'gcp.gemini', inputTokens: 42, outputTokens: 7 } });
  });

  test('provider-reported cost stays exact text; units are read per unit; service tier is kept', () => {
    const found = readSpanUsage(
      span({
        'gen_ai.provider.name': 'openrouter',
        'costtrace.cost_usd': '0.000123456789',
        'costtrace.units.credits': 3,
        'costtrace.units.seconds': '12.5',
        'openai.response.service_tier': 'flex',
      }),
    );
    expect(found).toMatchObject({
      kind: 'usage',
      usage: { provider: 'openrouter', providerCostUsd: '0.000123456789', units: { credits: 3, seconds: 12.5 }, serviceTier: 'flex' },
    });
    expect(readSpanUsage(span({ 'gen_ai.provider.name': 'x', 'costtrace.cost_usd': 1e-7 }))).toMatchObject({
      usage: { providerCostUsd: '0.0000001' },
    });
    expect(
      readSpanUsage(span({ 'gen_ai.provider.name': 'manual', 'costtrace.cost_usd': '0.10', 'costtrace.cost_source': 'manual' })),
    ).toMatchObject({
      usage: { providerCostUsd: '0.10', costReportedBy: 'manual' },
    });
  });

  test('a GenAI client span without usage is a row with usage absent, not zero', () => {
    expect(readSpanUsage(span({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' }))).toEqual({
      kind: 'usage',
      reported: false,
      usage: { provider: 'openai', model: 'gpt-4o' },
    });
  });

  test('spans that are not paid calls are ignored', () => {
    expect(readSpanUsage(span({ 'http.request.method': 'GET' }))).toEqual({ kind: 'none' });
    // An internal span naming a provider (a workflow wrapper) carries no usage: not a call.
    expect(readSpanUsage(span({ 'gen_ai.system': 'openai' }, { kind: 1 }))).toEqual({ kind: 'none' });
  });

  test.each([
    ['negative', -5],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['huge', 1e15],
    ['text', 'lots'],
    ['an array', [1, 2]],
  ])('a %s token count rejects the span with a reason naming the attribute', (_name, value) => {
    const found = readSpanUsage(span({ 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': value as never }));
    expect(found.kind).toBe('invalid');
    expect((found as { reason: string }).reason).toMatch(/^gen_ai\.usage\.input_tokens: expected a whole number/);
  });

  test('a cost that is not a non-negative decimal is rejected', () => {
    for (const bad of ['-1', 'abc', '1e5', Number.POSITIVE_INFINITY]) {
      const found = readSpanUsage(span({ 'gen_ai.provider.name': 'x', 'costtrace.cost_usd': bad }));
      expect(found).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^costtrace\.cost_usd/) });
    }
  });
});

describe('readAttribution', () => {
  test('ours first, then the resource, then other instrumentations', () => {
    expect(
      readAttribution(
        span(
          { 'costtrace.feature': 'search', 'user.id': 'u-9', 'costtrace.meta.tier': 'pro', 'session.id': 's-1', 'costtrace.meta.n': 3 },
          {
            resource: { 'service.name': 'shop', 'costtrace.org_id': 'org-7' },
          },
        ),
      ),
    ).toEqual({ app: 'shop', feature: 'search', userId: 'u-9', orgId: 'org-7', meta: { tier: 'pro', session_id: 's-1', n: '3' } });
  });

  test('metadata keys that name Object.prototype members are kept as plain names, ours winning', () => {
    const who = readAttribution(
      span({
        'traceloop.association.properties.constructor': 'theirs',
        'costtrace.meta.constructor': 'ours',
        'costtrace.meta.__proto__': 'p',
        'ai.telemetry.metadata.toString': 't',
        'costtrace.meta.': 'no name',
      }),
    );
    expect(Object.entries(who.meta)).toEqual([
      ['constructor', 'ours'],
      ['__proto__', 'p'],
      ['toString', 't'],
    ]);
    expect(JSON.stringify(who.meta)).toBe('{"constructor":"ours","__proto__":"p","toString":"t"}');
  });

  test('attribution values are capped at 1024 characters', () => {
    const who = readAttribution(span({ 'costtrace.feature': 'f'.repeat(5000), 'costtrace.user_id': 'u'.repeat(2000) }));
    expect([who.feature.length, who.userId.length]).toEqual([1024, 1024]);
  });

  test('OpenLLMetry association properties and Vercel AI SDK telemetry metadata', () => {
    expect(
      readAttribution(
        span({
          'traceloop.association.properties.user_id': 'u-1',
          'traceloop.association.properties.org_id': 'o-1',
          'ai.telemetry.functionId': 'summarize',
          'ai.telemetry.metadata.plan': 'free',
        }),
      ),
    ).toEqual({ app: 'shop', feature: 'summarize', userId: 'u-1', orgId: 'o-1', meta: { user_id: 'u-1', org_id: 'o-1', plan: 'free' } });
  });
});
