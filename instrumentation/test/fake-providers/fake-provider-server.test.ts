// The fake providers answer the exact paths the official SDKs call, with bodies those SDKs parse, and record what
// reached them. No costtrace capture here: this checks the stand-in itself.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderRegistry, parseProviderUrlsEnv } from '../../src/providers/index.js';
import { startFakeProviders, type FakeProviders } from './index.js';

let fake: FakeProviders;

beforeAll(async () => {
  fake = await startFakeProviders();
});

afterAll(async () => {
  await fake.close();
});

describe('official SDKs against the fake providers', () => {
  it('openai: chat completions in JSON and as streams with and without include_usage', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.urls.openai, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Say hello' }] });
    expect(completion.usage).toMatchObject({ prompt_tokens: 1250, completion_tokens: 420, prompt_tokens_details: { cached_tokens: 1024 } });

    const withUsage = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of withUsage) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 420 } });

    const without = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of without) {
      expect(chunk.usage ?? undefined).toBeUndefined();
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('Hello! How can I help?');
    expect(fake.requests.slice(-3).map((r) => r.url)).toEqual([
      '/openai/v1/chat/completions',
      '/openai/v1/chat/completions',
      '/openai/v1/chat/completions',
    ]);
  });

  it('openai: Responses API in JSON and streamed', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.urls.openai, maxRetries: 0 });
    const response = await client.responses.create({ model: 'gpt-5-mini', input: 'What is the weather in Paris?' });
    expect(response.output_text).toBe('It is sunny in Paris.');
    expect(response.usage).toMatchObject({ input_tokens: 3100, output_tokens: 900 });
    const stream = await client.responses.create({ model: 'gpt-5-mini', input: 'What is the weather in Paris?', stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
  });

  it('anthropic: messages in JSON and streamed', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.urls.anthropic, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-haiku-4-5-20251001',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Hello, Claude' }],
    });
    expect(message.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 2048, output_tokens: 87 });
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5-20251001',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Hello, Claude' }],
    });
    const final = await stream.finalMessage();
    expect(final.usage.output_tokens).toBe(150);
    expect(fake.requests.at(-1)).toMatchObject({ url: '/anthropic/v1/messages', key: 'anthropic', fixture: 'anthropic messages stream' });
  });

  it('@google/genai: generateContent and generateContentStream', async () => {
    const client = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: fake.urls['gcp.gemini'] } });
    const response = await client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' });
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 1320, thoughtsTokenCount: 412 });
    const stream = await client.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' });
    let last;
    for await (const chunk of stream) last = chunk;
    expect(last?.usageMetadata).toMatchObject({ candidatesTokenCount: 31, thoughtsTokenCount: 120 });
    expect(fake.requests.at(-1)?.url).toBe('/gcp-gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });
});

describe('fake provider behaviour', () => {
  it('serves polls of one path in order, the last repeating', async () => {
    const poll = (): Promise<string> =>
      fetch(`${fake.urls.apify}/acts/apify~web-scraper/runs/HG7ML7M8z78YcAPEB`).then(
        async (r) => ((await r.json()) as { data: { status: string } }).data.status,
      );
    expect([await poll(), await poll(), await poll()]).toEqual(['RUNNING', 'SUCCEEDED', 'SUCCEEDED']);
  });

  it('picks a fixture by request fields and records headers and bodies', async () => {
    const response = await fetch(`${fake.urls.openai}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-5-mini', messages: [], user: 'rate-limited' }),
    });
    expect(response.status).toBe(429);
    const recorded = fake.requests.at(-1)!;
    expect(recorded).toMatchObject({ key: 'openai', method: 'POST', fixture: 'openai chat 429 error', body: { user: 'rate-limited' } });
    expect(recorded.headers.authorization).toBe('Bearer sk-test');
  });

  it('answers unknown paths with a 404 it records', async () => {
    expect((await fetch(`${fake.origin}/nowhere`)).status).toBe(404);
    expect(fake.requests.at(-1)).toMatchObject({ key: undefined, fixture: undefined });
  });

  it('maps every provider to itself through COSTTRACE_PROVIDER_URLS', () => {
    const registry = createProviderRegistry({ urls: parseProviderUrlsEnv(fake.mappingEnv) });
    const plan = registry.plan({ url: new URL(`${fake.urls['fal:queue']}/fal-ai/flux/requests/r1/status`), method: 'GET', headers: {} });
    expect(plan).toMatchObject({ provider: 'fal', billable: false });
    expect(
      registry.plan({ url: new URL(`${fake.urls.openai}/chat/completions`), method: 'POST', bodyText: '{"model":"m"}' }),
    ).toMatchObject({ provider: 'openai' });
  });
});
