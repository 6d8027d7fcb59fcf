// The include_usage request change (only on streaming chat completions of providers that honour it, never on the
// Responses API) and the filter that takes the injected usage-only chunk back out of what the app reads.
import { describe, expect, it } from 'vitest';
import { byteByByte, concatBytes, everyCutInTwo, randomSplits } from '../../test/fake-providers/byte-splits.js';
import { ALL_FIXTURES, fixtureNamed, responseBytes } from '../../test/fake-providers/index.js';
import { createProviderRegistry, type ProviderCallPlan, type StreamByteFilter } from './index.js';

const registry = createProviderRegistry({ urls: { openai: ['http://127.0.0.1:11434/v1'] } });
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function planText(url: string, bodyText: string): ProviderCallPlan | undefined {
  return registry.plan({ url: new URL(url), method: 'POST', headers: {}, bodyText });
}

describe('include_usage injection', () => {
  it('appends stream_options to a streaming chat completion, keeping every byte the app wrote', () => {
    const body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"héllo \\u00e9 1.0"}],"stream":true,"temperature":1.0}\n';
    const plan = planText('https://api.openai.com/v1/chat/completions', body);
    expect(plan).toMatchObject({ streaming: true, stripInjectedUsageChunk: true });
    expect(plan!.rewrittenBodyText).toBe(
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"héllo \\u00e9 1.0"}],"stream":true,"temperature":1.0,"stream_options":{"include_usage":true}}\n',
    );
  });

  it('sets include_usage inside stream_options the app sent without it', () => {
    const plan = planText(
      'https://api.openai.com/v1/chat/completions',
      '{"model":"m","stream":true,"stream_options":{"include_obfuscation":false}}',
    );
    expect(JSON.parse(plan!.rewrittenBodyText!)).toEqual({
      model: 'm',
      stream: true,
      stream_options: { include_obfuscation: false, include_usage: true },
    });
    expect(plan!.stripInjectedUsageChunk).toBe(true);
    const off = planText(
      'https://api.openai.com/v1/chat/completions',
      '{"model":"m","stream":true,"stream_options":{"include_usage":false}}',
    );
    expect(JSON.parse(off!.rewrittenBodyText!).stream_options).toEqual({ include_usage: true });
  });

  it('changes nothing when the app asked for usage itself, so nothing is stripped', () => {
    const plan = planText(
      'https://api.openai.com/v1/chat/completions',
      '{"model":"m","stream":true,"stream_options":{"include_usage":true}}',
    );
    expect(plan).toMatchObject({ streaming: true, stripInjectedUsageChunk: false });
    expect(plan!.rewrittenBodyText).toBeUndefined();
  });

  it('changes nothing on non-streaming calls or unreadable bodies', () => {
    expect(planText('https://api.openai.com/v1/chat/completions', '{"model":"m","stream":false}')!.rewrittenBodyText).toBeUndefined();
    expect(planText('https://api.openai.com/v1/chat/completions', '{"model":"m"}')!.rewrittenBodyText).toBeUndefined();
    expect(planText('https://api.openai.com/v1/chat/completions', '{"model":"m","stream":true')!.rewrittenBodyText).toBeUndefined();
    expect(
      registry.plan({ url: new URL('https://api.openai.com/v1/chat/completions'), method: 'POST', headers: {} })!.rewrittenBodyText,
    ).toBeUndefined();
  });

  it.each([
    ['the Responses API (rejects it with a 400)', 'https://api.openai.com/v1/responses'],
    ['legacy completions', 'https://api.openai.com/v1/completions'],
    ['embeddings', 'https://api.openai.com/v1/embeddings'],
    ['Anthropic', 'https://api.anthropic.com/v1/messages'],
    ['Gemini', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'],
    ['Mistral (rejects stream_options with a 422)', 'https://api.mistral.ai/v1/chat/completions'],
    ['OpenRouter (always sends usage)', 'https://openrouter.ai/api/v1/chat/completions'],
    ['Perplexity (usage on every chunk)', 'https://api.perplexity.ai/chat/completions'],
    ['Cohere', 'https://api.cohere.com/v2/chat'],
  ])('never injects on %s', (_what, url) => {
    const plan = planText(url, '{"model":"m","stream":true,"messages":[]}');
    expect(plan).toBeDefined();
    expect(plan!.rewrittenBodyText).toBeUndefined();
    expect(plan!.stripInjectedUsageChunk).toBe(false);
  });

  it.each([
    'https://acme.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    'https://api.groq.com/openai/v1/chat/completions',
    'https://api.deepseek.com/chat/completions',
    'https://api.x.ai/v1/chat/completions',
    'https://api.fireworks.ai/inference/v1/chat/completions',
    'http://127.0.0.1:11434/v1/chat/completions',
  ])('injects on the chat completions of %s', (url) => {
    expect(planText(url, '{"model":"m","stream":true,"messages":[]}')).toMatchObject({
      stripInjectedUsageChunk: true,
      rewrittenBodyText: '{"model":"m","stream":true,"messages":[],"stream_options":{"include_usage":true}}',
    });
  });
});

/** The usage-only events of an SSE text (what the filter must remove), and the text without them. */
function withoutUsageChunk(text: string): { removed: string[]; rest: string } {
  const events = text.split(/(?<=\r?\n\r?\n)/);
  const isUsageOnly = (event: string): boolean => {
    const data = /^data: (.*)$/m.exec(event)?.[1];
    if (data === undefined || !data.startsWith('{')) return false;
    const chunk = JSON.parse(data) as { choices?: unknown[]; usage?: unknown };
    return Array.isArray(chunk.choices) && chunk.choices.length === 0 && typeof chunk.usage === 'object' && chunk.usage !== null;
  };
  return { removed: events.filter(isUsageOnly), rest: events.filter((e) => !isUsageOnly(e)).join('') };
}

function runFilter(filter: StreamByteFilter, chunks: readonly Uint8Array[]): string {
  const out = chunks.map((chunk) => filter.transform(chunk));
  out.push(filter.flush());
  return decode(concatBytes(out));
}

const injectedStreams = ALL_FIXTURES.filter((f) => f.variant === 'stream-usage');
/** A plan that injected include_usage, so its filter strips. */
const plan = planText('https://api.openai.com/v1/chat/completions', '{"model":"m","stream":true}')!;

describe.each(injectedStreams.map((f) => [f.name, f] as const))('usage-chunk filter on %s', (_name, fixture) => {
  const text = decode(responseBytes(fixture));
  const { removed, rest } = withoutUsageChunk(text);

  it('removes exactly the usage-only event, whatever the chunk boundaries', () => {
    expect(removed).toHaveLength(1);
    const bytes = encode(text);
    expect(runFilter(registry.createInjectedUsageFilter(plan), [bytes])).toBe(rest);
    for (const seed of [3, 5, 8, 13]) expect(runFilter(registry.createInjectedUsageFilter(plan), randomSplits(bytes, seed, 40))).toBe(rest);
    expect(runFilter(registry.createInjectedUsageFilter(plan), byteByByte(bytes))).toBe(rest);
  });

  it('keeps data: [DONE] and every other event', () => {
    const out = runFilter(registry.createInjectedUsageFilter(plan), randomSplits(encode(text), 21, 7));
    expect(out.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(out.split('\n\n').length).toBe(text.split('\n\n').length - 1);
  });
});

describe('usage-chunk filter framing', () => {
  const content = 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}';
  const usage = 'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}';

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('handles %s line endings at every cut point', (_name, eol) => {
    const text = `${content}${eol}${eol}${usage}${eol}${eol}data: [DONE]${eol}${eol}`;
    const expected = `${content}${eol}${eol}data: [DONE]${eol}${eol}`;
    for (const chunks of everyCutInTwo(encode(text))) expect(runFilter(registry.createInjectedUsageFilter(plan), chunks)).toBe(expected);
  });

  it('removes a usage chunk whose data spans several lines, and keeps events without choices', () => {
    const multiLine = 'data: {"id":"c1","choices":[],\ndata: "usage":{"prompt_tokens":3}}\n\n';
    const comment = ': keep-alive\n\n';
    const filterOnly = 'data: {"choices":[],"prompt_filter_results":[{"prompt_index":0}]}\n\n';
    expect(
      runFilter(registry.createInjectedUsageFilter(plan), byteByByte(encode(`${comment}${filterOnly}${multiLine}data: [DONE]\n\n`))),
    ).toBe(`${comment}${filterOnly}data: [DONE]\n\n`);
  });

  it('passes a content event on as soon as its choices show, without waiting for its end', () => {
    const filter = registry.createInjectedUsageFilter(plan);
    const head = encode('data: {"id":"c1","choices":[{"index":0,"delta":{"content":"hel');
    expect(decode(filter.transform(head))).toBe(decode(head));
    expect(decode(filter.transform(encode('lo"}}]}\n\n')))).toBe('lo"}}]}\n\n');
  });

  it('hands back a held unterminated event on flush', () => {
    const filter = registry.createInjectedUsageFilter(plan);
    expect(decode(filter.transform(encode('data: {"id":"x","choices":[]')))).toBe('');
    expect(decode(filter.flush())).toBe('data: {"id":"x","choices":[]');
  });

  it('passes everything through when the plan injected nothing', () => {
    const own = registry.plan({
      url: new URL('https://api.openai.com/v1/chat/completions'),
      method: 'POST',
      headers: {},
      bodyText: '{"model":"m","stream":true,"stream_options":{"include_usage":true}}',
    })!;
    const text = fixtureNamed('openai chat stream with include_usage').response.body as string;
    expect(runFilter(registry.createInjectedUsageFilter(own), randomSplits(encode(text), 4))).toBe(text);
  });
});
