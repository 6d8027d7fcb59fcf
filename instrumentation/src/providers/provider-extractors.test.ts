// One shared suite run for every provider fixture: the plan (provider, operation, model, streaming, billability,
// injection) and the exact usage read from the provider's real response bytes, whole and in every kind of chunking,
// on the real host and through a mapped base URL.
import { describe, expect, it } from 'vitest';
import { byteByByte, randomSplits } from '../../test/fake-providers/byte-splits.js';
import {
  ALL_FIXTURES,
  fixtureKey,
  REAL_BASES,
  realUrl,
  requestBodyText,
  responseBytes,
  type ProviderFixture,
} from '../../test/fake-providers/index.js';
import { createProviderRegistry, PROVIDER_CATALOG, type ProviderCallPlan, type ProviderRegistry } from './index.js';

const registry = createProviderRegistry();
const MAPPED_ORIGIN = 'http://127.0.0.1:9001';
const mapped = createProviderRegistry({
  urls: Object.fromEntries(
    Object.keys(REAL_BASES).map((key) => [key, [`${MAPPED_ORIGIN}/${key}${new URL(REAL_BASES[key]!).pathname.replace(/\/$/, '')}`]]),
  ),
});

function planFor(reg: ProviderRegistry, fixture: ProviderFixture, url: URL): ProviderCallPlan | undefined {
  const bodyText = requestBodyText(fixture);
  return reg.plan({
    url,
    method: fixture.method,
    ...(bodyText !== undefined && { bodyText }),
  });
}

function read(reg: ProviderRegistry, plan: ProviderCallPlan, fixture: ProviderFixture, chunks: readonly Uint8Array[]) {
  const reader = reg.createReader(plan, { status: fixture.response.status, headers: fixture.response.headers });
  for (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

describe.each(ALL_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
  const plan = planFor(registry, fixture, realUrl(fixture));
  const bytes = responseBytes(fixture);

  it('plans the call on the real host', () => {
    expect(plan).toBeDefined();
    expect(plan).toMatchObject({
      provider: fixture.provider,
      operation: fixture.expected.operation,
      streaming: fixture.expected.streaming,
      billable: fixture.expected.billable,
      stripInjectedUsageChunk: fixture.expected.injects,
    });
    expect(plan!.requestModel).toBe(fixture.expected.requestModel);
    expect(plan!.rewrittenBodyText !== undefined).toBe(fixture.expected.injects);
    // The same plan when the body comes after the URL (as the runtime plans calls it need not change).
    const bodyText = requestBodyText(fixture);
    const fromUrl = registry.plan({ url: realUrl(fixture), method: fixture.method })!;
    expect(bodyText === undefined ? fromUrl : registry.withBody(fromUrl, bodyText)).toEqual(plan);
  });

  it('reads the exact usage from the whole body', () => {
    expect(read(registry, plan!, fixture, [bytes])).toEqual(fixture.expected.usage);
  });

  it('reads the same usage whatever the chunk boundaries', () => {
    for (const seed of [1, 7, 42, 1234]) expect(read(registry, plan!, fixture, randomSplits(bytes, seed))).toEqual(fixture.expected.usage);
    expect(read(registry, plan!, fixture, byteByByte(bytes))).toEqual(fixture.expected.usage);
  });

  it('plans and reads the same through a mapped base URL', () => {
    const real = realUrl(fixture);
    const url = new URL(`${MAPPED_ORIGIN}/${fixtureKey(fixture)}${real.pathname}${real.search}`);
    const viaMapping = planFor(mapped, fixture, url);
    expect(viaMapping).toEqual(plan);
    expect(read(mapped, viaMapping!, fixture, randomSplits(bytes, 99))).toEqual(fixture.expected.usage);
  });
});

describe('coverage', () => {
  it('has fixtures for every provider in the catalog', () => {
    const covered = new Set(ALL_FIXTURES.map((f) => f.provider));
    expect(PROVIDER_CATALOG.map((e) => e.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('covers every LLM provider in JSON and streaming form', () => {
    const llms = [
      'openai',
      'azure.ai.openai',
      'anthropic',
      'gcp.gemini',
      'gcp.vertex_ai',
      'aws.bedrock',
      'openrouter',
      'perplexity',
      'mistral_ai',
      'groq',
      'deepseek',
      'x_ai',
      'together',
      'fireworks',
      'cohere',
    ];
    for (const id of llms) {
      const forms = new Set(
        ALL_FIXTURES.filter((f) => f.provider === id && f.expected.usage?.inputTokens !== undefined).map((f) => f.expected.streaming),
      );
      expect([id, [...forms].sort()]).toEqual([id, [false, true]]);
    }
  });
});
