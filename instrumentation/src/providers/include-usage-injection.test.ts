// The include_usage request change: only on streaming chat completions of providers that honour it, never on the
// Responses API (injected-usage-filter.test.ts checks that the app still reads the stream it asked for).
import { describe, expect, it } from 'vitest';
import { createProviderRegistry, type ProviderCallPlan } from './index.js';

const registry = createProviderRegistry({ urls: { openai: ['http://127.0.0.1:11434/v1'] } });

function planText(url: string, bodyText: string): ProviderCallPlan | undefined {
  return registry.plan({ url: new URL(url), method: 'POST', bodyText });
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

  it('splices include_usage into the stream_options member only, keeping every other byte', () => {
    const plan = planText(
      'https://api.openai.com/v1/chat/completions',
      '{"stream" : true, "stream_options" : {"include_obfuscation":false} ,"temperature":1.0}',
    );
    expect(plan!.rewrittenBodyText).toBe(
      '{"stream" : true, "stream_options" : {"include_obfuscation":false,"include_usage":true} ,"temperature":1.0}',
    );
  });

  it('reads only the top-level stream flag, never one inside the messages or tools', () => {
    const nested = '{"model":"m","messages":[{"role":"user","content":"{\\"stream\\":true}"},{"stream":true}],"tools":[{"stream":true}]}';
    const plan = planText('https://api.openai.com/v1/chat/completions', nested);
    expect(plan).toMatchObject({ requestModel: 'm', streaming: false, stripInjectedUsageChunk: false });
    expect(plan!.rewrittenBodyText).toBeUndefined();
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
      registry.plan({ url: new URL('https://api.openai.com/v1/chat/completions'), method: 'POST' })!.rewrittenBodyText,
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
    expect(plan!.injectable).toBe(false);
  });

  it.each([
    'https://acme.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21',
    'https://api.groq.com/openai/v1/chat/completions',
    'https://api.deepseek.com/chat/completions',
    'https://api.x.ai/v1/chat/completions',
    'https://api.fireworks.ai/inference/v1/chat/completions',
    'http://127.0.0.1:11434/v1/chat/completions',
  ])('injects on the chat completions of %s', (url) => {
    // Known from the URL alone: the runtime reads such a body before sending it.
    expect(registry.plan({ url: new URL(url), method: 'POST' })).toMatchObject({ injectable: true, stripInjectedUsageChunk: false });
    expect(planText(url, '{"model":"m","stream":true,"messages":[]}')).toMatchObject({
      injectable: true,
      stripInjectedUsageChunk: true,
      rewrittenBodyText: '{"model":"m","stream":true,"messages":[],"stream_options":{"include_usage":true}}',
    });
  });
});

describe('include_usage decided on the bytes before sending (withIncludeUsage)', () => {
  const url = new URL('https://api.openai.com/v1/chat/completions');
  const urlPlan = registry.plan({ url, method: 'POST' })!;
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

  it.each([
    ['appended', '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"héllo 中文 \\u00e9"}],"stream":true}\n'],
    ['appended after a last stream member', '{"model":"m","messages":[{"role":"user","content":"héllo \\"x\\""}],"stream":true}'],
    ['appended after a nested stream_options', '{"model":"m","tools":[{"stream_options":{}}],"stream":true}'],
    ['appended with stream first', '{"stream":true,"model":"m","messages":[]}'],
    ['spliced into stream_options', '{"stream" : true, "stream_options" : {"tag":"é \\u4e2d"} ,"temperature":1.0}'],
    ['replacing include_usage: false', '{"model":"m","stream":true,"stream_options":{"include_usage":false}}'],
  ])('sends exactly the bytes the text planning rewrites (%s)', (_case, text) => {
    const injected = registry.withIncludeUsage(urlPlan, bytes(text));
    expect(injected).toBeDefined();
    expect(Buffer.from(injected!.body).equals(Buffer.from(planText(url.href, text)!.rewrittenBodyText!, 'utf8'))).toBe(true);
    expect(injected!.plan).toMatchObject({ provider: 'openai', injectable: true, stripInjectedUsageChunk: true });
    // The rest of the plan (the model) still comes from the app's body, later.
    expect(registry.withBody(injected!.plan, text)).toMatchObject({ stripInjectedUsageChunk: true, streaming: true });
  });

  it('gives the same marked plan for every call to a URL', () => {
    const body = bytes('{"model":"m","stream":true}');
    expect(registry.withIncludeUsage(urlPlan, body)!.plan).toBe(registry.withIncludeUsage(urlPlan, body)!.plan);
  });

  it.each([
    ['not streaming', '{"model":"m","stream":false}'],
    ['usage asked for', '{"model":"m","stream":true,"stream_options":{"include_usage":true}}'],
    ['stream only nested', '{"model":"m","messages":[{"stream":true}]}'],
    ['stream only nested, last', '{"model":"m","x":{"y":1,"stream":true}}'],
    ['stream_options already last but one', '{"model":"m","stream_options":{"include_usage":true},"stream":true}'],
    ['cut off', '{"model":"m","stream":true'],
  ])('changes nothing when %s', (_case, text) => {
    expect(registry.withIncludeUsage(urlPlan, bytes(text))).toBeUndefined();
  });

  it('never injects on a route that does not take it', () => {
    const responses = registry.plan({ url: new URL('https://api.openai.com/v1/responses'), method: 'POST' })!;
    expect(registry.withIncludeUsage(responses, bytes('{"model":"m","stream":true}'))).toBeUndefined();
  });
});
