// Which URLs are provider calls: exact hosts, wildcard hosts, fal.run vs queue.fal.run, mapped base URLs (prefix,
// scheme, port, longest prefix), routes by method and path, and everything else left alone.
import { describe, expect, it } from 'vitest';
import { createProviderRegistry, parseProviderUrlsEnv, type ProviderRegistry } from './index.js';

function plan(registry: ProviderRegistry, url: string, method = 'POST', body?: unknown) {
  return registry.plan({ url: new URL(url), method, ...(body !== undefined && { bodyText: JSON.stringify(body) }) });
}

describe('catalog hosts', () => {
  const registry = createProviderRegistry();

  it.each([
    ['https://api.openai.com/v1/chat/completions', 'openai', 'chat'],
    ['https://api.openai.com/v1/responses', 'openai', 'chat'],
    ['https://api.openai.com/v1/embeddings', 'openai', 'embeddings'],
    ['https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21', 'azure.ai.openai', 'chat'],
    ['https://eu.acme.openai.azure.com/openai/v1/chat/completions', 'azure.ai.openai', 'chat'],
    ['https://acme.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview', 'azure.ai.openai', 'chat'],
    ['https://bedrock-runtime.eu-west-3.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse', 'aws.bedrock', 'chat'],
    [
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent',
      'gcp.vertex_ai',
      'generate_content',
    ],
    [
      'https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:generateContent',
      'gcp.vertex_ai',
      'generate_content',
    ],
    ['https://generativelanguage.googleapis.com/v1/models/gemini-2.0-flash:generateContent', 'gcp.gemini', 'generate_content'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', 'gcp.gemini', 'chat'],
    ['https://api.together.ai/v1/chat/completions', 'together', 'chat'],
    ['https://api.cohere.ai/v1/rerank', 'cohere', 'rerank'],
    ['https://api.deepseek.com/v1/chat/completions', 'deepseek', 'chat'],
    ['https://api.deepseek.com/anthropic/v1/messages', 'deepseek', 'chat'],
    ['https://api.x.ai/v1/messages', 'x_ai', 'chat'],
  ])('%s → %s', (url, provider, operation) => {
    expect(plan(registry, url, 'POST', { model: 'm' })).toMatchObject({ provider, operation });
  });

  it('takes the model from the path where the provider puts it there', () => {
    expect(
      plan(registry, 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke')?.requestModel,
    ).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(
      plan(registry, 'https://acme.openai.azure.com/openai/deployments/prod-4o/chat/completions', 'POST', { messages: [] })?.requestModel,
    ).toBe('prod-4o');
    expect(
      plan(registry, 'https://acme.openai.azure.com/openai/deployments/prod-4o/chat/completions', 'POST', { model: 'gpt-4o' })
        ?.requestModel,
    ).toBe('gpt-4o');
    expect(plan(registry, 'https://api.deepgram.com/v1/listen?model=nova-3')?.requestModel).toBe('nova-3');
  });

  it('never matches look-alike or unrelated hosts', () => {
    for (const url of [
      'https://api.openai.com.evil.example/v1/chat/completions',
      'https://evilapi.openai.com/v1/chat/completions',
      'https://openai.azure.com.example/openai/v1/chat/completions',
      'https://bedrock-runtime.us-east-1.amazonaws.com.example/model/x/converse',
      'https://bedrock.us-east-1.amazonaws.com/model/x/converse',
      'https://s3.amazonaws.com/model/x/converse',
      'https://example.com/v1/chat/completions',
      'http://localhost:3000/v1/chat/completions',
      'https://storage.googleapis.com/v1beta/models/x:generateContent',
    ]) {
      expect(plan(registry, url, 'POST', { model: 'm' }), url).toBeUndefined();
    }
  });

  it('matches routes by method and path, not host alone', () => {
    expect(plan(registry, 'https://api.openai.com/v1/models', 'GET')).toBeUndefined();
    expect(plan(registry, 'https://api.openai.com/v1/chat/completions', 'GET')).toBeUndefined();
    expect(plan(registry, 'https://api.openai.com/v1/chat/completions/abc/messages', 'POST')).toBeUndefined();
    expect(plan(registry, 'https://api.openai.com/v1x/chat/completions', 'POST')).toBeUndefined();
    expect(plan(registry, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens')).toBeUndefined();
    expect(plan(registry, 'https://api.apify.com/v2/datasets/abc/items', 'GET')).toBeUndefined();
    expect(plan(registry, 'https://api.openai.com/v1/chat/completions', 'post', { model: 'm' })).toMatchObject({ provider: 'openai' });
  });

  it('tells fal.run (billable) from queue.fal.run submits and polls (not billable)', () => {
    expect(plan(registry, 'https://fal.run/fal-ai/flux/dev', 'POST', { prompt: 'a cat' })).toMatchObject({
      provider: 'fal',
      billable: true,
      requestModel: 'fal-ai/flux/dev',
    });
    expect(plan(registry, 'https://queue.fal.run/fal-ai/flux/dev', 'POST', { prompt: 'a cat' })).toMatchObject({
      provider: 'fal',
      billable: false,
    });
    expect(plan(registry, 'https://queue.fal.run/fal-ai/flux/requests/abc/status', 'GET')).toMatchObject({ billable: false });
    expect(plan(registry, 'https://queue.fal.run/fal-ai/flux/requests/abc/cancel', 'PUT')).toMatchObject({ billable: false });
    expect(plan(registry, 'https://queue.fal.run/fal-ai/flux/requests/abc', 'GET')).toMatchObject({
      billable: true,
      requestModel: 'fal-ai/flux',
    });
    expect(plan(registry, 'https://rest.alpha.fal.ai/tokens/', 'POST')).toBeUndefined();
  });

  it('marks job submissions as acks and status polls as billable cumulative reads', () => {
    expect(plan(registry, 'https://api.firecrawl.dev/v2/crawl', 'POST', { url: 'x' })).toMatchObject({ billable: false });
    expect(plan(registry, 'https://api.firecrawl.dev/v1/batch/scrape/123', 'GET')).toMatchObject({ billable: true });
    expect(plan(registry, 'https://api.cloro.dev/v1/async/task', 'POST', {})).toMatchObject({ billable: false });
    expect(plan(registry, 'https://api.brightdata.com/datasets/v3/trigger?dataset_id=gd_x', 'POST', [])).toMatchObject({ billable: false });
    expect(plan(registry, 'https://api.dataforseo.com/v3/appendix/user_data', 'GET')).toMatchObject({ billable: false });
  });
});

describe('mapped base URLs', () => {
  const registry = createProviderRegistry({
    urls: {
      openai: ['http://127.0.0.1:9001/v1', 'https://gateway.example/openai/v1/'],
      anthropic: ['http://127.0.0.1:9002'],
      'fal:queue': ['http://127.0.0.1:9003/queue'],
      mistral_ai: ['http://127.0.0.1:9001/v1/mistral'],
    },
  });

  it('matches scheme, host, port and path prefix and reuses the provider routes', () => {
    expect(plan(registry, 'http://127.0.0.1:9001/v1/chat/completions', 'POST', { model: 'llama3' })).toMatchObject({
      provider: 'openai',
      requestModel: 'llama3',
    });
    expect(plan(registry, 'https://gateway.example/openai/v1/embeddings', 'POST', { model: 'e' })).toMatchObject({
      provider: 'openai',
      operation: 'embeddings',
    });
    expect(plan(registry, 'http://127.0.0.1:9002/v1/messages', 'POST', { model: 'c' })).toMatchObject({ provider: 'anthropic' });
    expect(plan(registry, 'http://127.0.0.1:9003/queue/fal-ai/flux/requests/r1', 'GET')).toMatchObject({ provider: 'fal', billable: true });
  });

  it('prefers the longest matching prefix', () => {
    expect(plan(registry, 'http://127.0.0.1:9001/v1/mistral/chat/completions', 'POST', { model: 'm' })).toMatchObject({
      provider: 'mistral_ai',
    });
  });

  it('is segment-aware and exact about scheme and port', () => {
    expect(plan(registry, 'http://127.0.0.1:9001/v10/chat/completions', 'POST', { model: 'm' })).toBeUndefined();
    expect(plan(registry, 'https://127.0.0.1:9001/v1/chat/completions', 'POST', { model: 'm' })).toBeUndefined();
    expect(plan(registry, 'http://127.0.0.1:9009/v1/chat/completions', 'POST', { model: 'm' })).toBeUndefined();
    expect(plan(registry, 'http://127.0.0.1:9001/other', 'POST', { model: 'm' })).toBeUndefined();
  });

  it('knows the origins where a provider can be, so that every other request is passed on at once', () => {
    const knows = (url: string) => registry.knowsOrigin(new URL(url));
    expect(knows('http://127.0.0.1:9001/anything')).toBe(true);
    expect(knows('https://gateway.example/')).toBe(true);
    expect(knows('https://api.openai.com')).toBe(true);
    expect(knows('https://acme.openai.azure.com')).toBe(true);
    expect(knows('https://us-central1-aiplatform.googleapis.com')).toBe(true);
    expect(knows('http://127.0.0.1:9009/v1/chat/completions')).toBe(false);
    expect(knows('https://127.0.0.1:9001/v1')).toBe(false);
    expect(knows('https://example.com/v1/chat/completions')).toBe(false);
    expect(knows('https://storage.googleapis.com')).toBe(false);
  });

  it('keeps the real hosts working alongside the mapping', () => {
    expect(plan(registry, 'https://api.openai.com/v1/chat/completions', 'POST', { model: 'm' })).toMatchObject({ provider: 'openai' });
  });

  it('fails fast on unknown providers and malformed URLs', () => {
    expect(() => createProviderRegistry({ urls: { vllm: ['http://x/v1'] } })).toThrow(/unknown provider "vllm"/);
    expect(() => createProviderRegistry({ urls: { 'fal:nope': ['http://x'] } })).toThrow(/unknown provider "fal:nope"/);
    expect(() => createProviderRegistry({ urls: { openai: ['ftp://x/v1'] } })).toThrow(/bad base URL "ftp:\/\/x\/v1"/);
  });
});

describe('parseProviderUrlsEnv', () => {
  it('parses entries, trims spaces and merges repeated providers', () => {
    expect(
      parseProviderUrlsEnv(' openai=http://127.0.0.1:9001/v1 , anthropic=http://127.0.0.1:9002,openai=https://gw.example/v1,'),
    ).toEqual({
      openai: ['http://127.0.0.1:9001/v1', 'https://gw.example/v1'],
      anthropic: ['http://127.0.0.1:9002'],
    });
    expect(parseProviderUrlsEnv('fal:queue=http://127.0.0.1:9003/q,gcp.gemini=http://127.0.0.1:9004')).toEqual({
      'fal:queue': ['http://127.0.0.1:9003/q'],
      'gcp.gemini': ['http://127.0.0.1:9004'],
    });
  });

  it('returns an empty mapping for unset or blank values', () => {
    expect(parseProviderUrlsEnv(undefined)).toEqual({});
    expect(parseProviderUrlsEnv('  ')).toEqual({});
  });

  it.each(['openai', 'openai=', '=http://x', 'openai=not a url', 'openai=ftp://x', 'open ai=http://x', 'openai=http://x/v1?key=1'])(
    'rejects %j naming the entry',
    (value) => {
      expect(() => parseProviderUrlsEnv(`anthropic=http://ok,${value}`)).toThrow(new RegExp(`bad entry "${value.replace(/[?]/g, '\\?')}"`));
    },
  );
});
