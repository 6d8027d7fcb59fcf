// The official openai, @anthropic-ai/sdk and @google/genai clients, built BEFORE init(), against the fake
// providers mapped through COSTTRACE_PROVIDER_URLS: exact GenAI span attributes for JSON and streaming calls.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { track } from '@costtrace/sdk';
import { fixtureNamed, startFakeProviders, type FakeProviders } from './fake-providers/index.js';
import { only, startSession, type SdkSession } from './helpers/sdk-session.js';

let fake: FakeProviders;
let session: SdkSession;
let openai: OpenAI;
let anthropic: Anthropic;
let gemini: GoogleGenAI;

beforeAll(async () => {
  fake = await startFakeProviders();
  // Built before costtrace starts: they captured globalThis.fetch already, and are still captured.
  openai = new OpenAI({ baseURL: fake.urls.openai, apiKey: 'sk-test', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: fake.urls.anthropic, apiKey: 'sk-ant-test', maxRetries: 0 });
  gemini = new GoogleGenAI({ apiKey: 'g-test', httpOptions: { baseUrl: fake.urls['gcp.gemini'] } });
  process.env.COSTTRACE_PROVIDER_URLS = fake.mappingEnv;
  session = startSession({ internalHosts: ['internal.test'] });
});
afterAll(async () => {
  await session.stop();
  delete process.env.COSTTRACE_PROVIDER_URLS;
  await fake.close();
});

const scoped = <T>(fn: () => Promise<T>) => session.capture(() => track('assistant', { userId: 'u1', orgId: 'o1' }, fn));
const ATTRIBUTION = {
  'costtrace.feature': 'assistant',
  'costtrace.user_id': 'u1',
  'costtrace.org_id': 'o1',
  'server.address': '127.0.0.1',
  'http.response.status_code': 200,
};
const MESSAGES = [{ role: 'user' as const, content: 'Say hello' }];

const OPENAI_CHAT = {
  ...ATTRIBUTION,
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-5-mini',
  'gen_ai.response.model': 'gpt-5-mini-2025-08-07',
  'gen_ai.response.id': 'chatcmpl-CJ3xGZ8rKq2Vb1uT0oPn7AeLmWd5s',
  'gen_ai.usage.input_tokens': 1250,
  'gen_ai.usage.output_tokens': 420,
  'gen_ai.usage.cache_read.input_tokens': 1024,
  'gen_ai.usage.reasoning.output_tokens': 256,
  'openai.response.service_tier': 'default',
};
const OPENAI_RESPONSES = {
  ...OPENAI_CHAT,
  'gen_ai.response.id': 'resp_68d5a0c1e2f48190a1b2c3d4e5f60718',
  'gen_ai.usage.input_tokens': 3100,
  'gen_ai.usage.output_tokens': 900,
  'gen_ai.usage.cache_read.input_tokens': 2048,
  'gen_ai.usage.reasoning.output_tokens': 512,
  'costtrace.units.web_search_requests': 1,
};

describe('openai', () => {
  it('chat completions JSON', async () => {
    const { result, spans } = await scoped(() => openai.chat.completions.create({ model: 'gpt-5-mini', messages: MESSAGES }));
    expect(result.usage?.prompt_tokens).toBe(1250);
    const span = only(spans);
    expect(span.name).toBe('chat gpt-5-mini');
    expect(span.attributes).toMatchObject(OPENAI_CHAT);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test');
    expect(fake.requests.at(-1)?.headers.baggage).toBeUndefined();
  });

  it('chat stream without include_usage: usage injected and recorded, the app sees no usage chunk', async () => {
    const { result, spans } = await scoped(async () => {
      const chunks = [];
      for await (const chunk of await openai.chat.completions.create({ model: 'gpt-5-mini', messages: MESSAGES, stream: true }))
        chunks.push(chunk);
      return chunks;
    });
    expect((fake.requests.at(-1)?.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    // Exactly the chunks of the stream the app asked for: no usage-only chunk, no `usage: null` on the others.
    const asked = (fixtureNamed('openai chat stream without usage').response.body as string)
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => JSON.parse(event.slice('data: '.length)) as unknown);
    expect(result.length).toBeGreaterThan(1);
    expect(result).toStrictEqual(asked);
    expect(only(spans).attributes).toMatchObject(OPENAI_CHAT);
  });

  it('chat stream with include_usage: the app gets its usage chunk, nothing injected', async () => {
    const { result, spans } = await scoped(async () => {
      const chunks = [];
      for await (const chunk of await openai.chat.completions.create({
        model: 'gpt-5-mini',
        messages: MESSAGES,
        stream: true,
        stream_options: { include_usage: true },
      }))
        chunks.push(chunk);
      return chunks;
    });
    expect(result.at(-1)?.usage?.prompt_tokens).toBe(1250);
    expect(fake.requests.at(-1)?.bodyText).toBe(
      JSON.stringify({ model: 'gpt-5-mini', messages: MESSAGES, stream: true, stream_options: { include_usage: true } }),
    );
    expect(only(spans).attributes).toMatchObject(OPENAI_CHAT);
  });

  it('Responses API JSON and stream, never injecting include_usage', async () => {
    const json = await scoped(() => openai.responses.create({ model: 'gpt-5-mini', input: 'Say hello' }));
    expect(only(json.spans).attributes).toMatchObject(OPENAI_RESPONSES);
    const stream = await scoped(async () => {
      const events = [];
      for await (const event of await openai.responses.create({ model: 'gpt-5-mini', input: 'Say hello', stream: true }))
        events.push(event.type);
      return events;
    });
    expect(stream.result).toContain('response.completed');
    expect((fake.requests.at(-1)?.body as Record<string, unknown>).stream_options).toBeUndefined();
    expect(only(stream.spans).attributes).toMatchObject(OPENAI_RESPONSES);
  });
});

describe('anthropic', () => {
  const REQUEST = { model: 'claude-haiku-4-5-20251001', max_tokens: 1024, messages: MESSAGES };
  const COMMON = {
    ...ATTRIBUTION,
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'claude-haiku-4-5-20251001',
    'gen_ai.response.model': 'claude-haiku-4-5-20251001',
    'costtrace.service_tier': 'standard',
  };

  it('messages JSON with cache reads, 5m and 1h cache writes and web searches (input includes cache)', async () => {
    const { result, spans } = await scoped(() => anthropic.messages.create(REQUEST));
    expect(result.usage.output_tokens).toBe(87);
    expect(only(spans).attributes).toMatchObject({
      ...COMMON,
      'gen_ai.response.id': 'msg_01XFDUDYJgAACzvnptvVoYEL',
      'gen_ai.usage.input_tokens': 3596,
      'gen_ai.usage.output_tokens': 87,
      'gen_ai.usage.cache_read.input_tokens': 2048,
      'gen_ai.usage.cache_creation.input_tokens': 1536,
      'costtrace.usage.cache_write_1h.input_tokens': 1024,
      'costtrace.units.web_search_requests': 2,
    });
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-ant-test');
  });

  it('messages stream with cache reads (message_delta usage is cumulative)', async () => {
    const { spans } = await scoped(async () => {
      const stream = anthropic.messages.stream(REQUEST);
      return (await stream.finalMessage()).usage;
    });
    expect(only(spans).attributes).toMatchObject({
      ...COMMON,
      'gen_ai.response.id': 'msg_01Stream7vKq2Jd8mXw4Ba1c',
      'gen_ai.usage.input_tokens': 4121,
      'gen_ai.usage.output_tokens': 150,
      'gen_ai.usage.cache_read.input_tokens': 4096,
    });
  });
});

describe('google genai', () => {
  const COMMON = {
    ...ATTRIBUTION,
    'gen_ai.provider.name': 'gcp.gemini',
    'gen_ai.operation.name': 'generate_content',
    'gen_ai.request.model': 'gemini-2.5-flash',
    'gen_ai.response.model': 'gemini-2.5-flash',
    'gen_ai.response.id': 'mKvUaPu9NLq7xN8P4bC1sQw',
  };

  it('generateContent with cached and thought tokens (thoughts billed as output)', async () => {
    const { spans } = await scoped(() => gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' }));
    const span = only(spans);
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.attributes).toMatchObject({
      ...COMMON,
      'gen_ai.usage.input_tokens': 1320,
      'gen_ai.usage.output_tokens': 497,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.reasoning.output_tokens': 412,
    });
    expect(fake.requests.at(-1)?.headers['x-goog-api-key']).toBe('g-test');
  });

  it('generateContentStream (SSE) with thoughts', async () => {
    const { result, spans } = await scoped(async () => {
      let text = '';
      for await (const chunk of await gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' }))
        text += chunk.text ?? '';
      return text;
    });
    expect(result).toBe('Rayleigh scattering.');
    expect(only(spans).attributes).toMatchObject({
      ...COMMON,
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 151,
      'gen_ai.usage.reasoning.output_tokens': 120,
    });
  });
});
