// Nothing a provider (or an attacker in between) sends may throw or poison state: garbage, truncation, malformed
// and hostile JSON, wrong types, oversized bodies. Usage ends up undefined or partial, never wrong in kind.
import { afterEach, describe, expect, it } from 'vitest';
import { randomSplits } from '../../test/fake-providers/byte-splits.js';
import { ALL_FIXTURES, realUrl, requestBodyText, responseBytes } from '../../test/fake-providers/index.js';
import { createProviderRegistry, type CapturedUsage, type ProviderCallPlan } from './index.js';
import { MAX_JSON_BODY_BYTES } from './response-usage-reader.js';
import { TOKEN_FIELDS } from './usage-extractor.js';

const registry = createProviderRegistry();
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function planOf(url: string, bodyText?: string, method = 'POST'): ProviderCallPlan {
  const plan = registry.plan({ url: new URL(url), method, ...(bodyText !== undefined && { bodyText }) });
  if (!plan) throw new Error(`no plan for ${url}`);
  return plan;
}

function readAll(
  plan: ProviderCallPlan,
  headers: Record<string, string>,
  chunks: readonly Uint8Array[],
  status = 200,
): CapturedUsage | undefined {
  const reader = registry.createReader(plan, { status, headers });
  for (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

/** Whatever comes back is well-formed: counts finite and non-negative, cost a plain decimal. */
function expectWellFormed(usage: CapturedUsage | undefined): void {
  if (usage === undefined) return;
  for (const key of TOKEN_FIELDS) {
    if (usage[key] !== undefined) expect(Number.isFinite(usage[key]) && usage[key]! >= 0).toBe(true);
  }
  for (const value of Object.values(usage.units ?? {})) expect(Number.isFinite(value) && value >= 0).toBe(true);
  if (usage.costUsd !== undefined) expect(usage.costUsd).toMatch(/^(?:0|[1-9]\d*)(?:\.\d+)?$/);
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe.each(ALL_FIXTURES.map((f) => [f.name, f] as const))('%s with a hostile body', (_name, fixture) => {
  const bodyText = requestBodyText(fixture);
  const plan = registry.plan({ url: realUrl(fixture), method: fixture.method, ...(bodyText !== undefined && { bodyText }) })!;
  const { headers } = fixture.response;
  const bytes = responseBytes(fixture);

  it('never throws on random bytes', () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    expect(() => expectWellFormed(readAll(plan, headers, randomSplits(garbage, 5)))).not.toThrow();
  });

  it('never throws on a body cut short anywhere', () => {
    for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 37))) {
      expectWellFormed(readAll(plan, headers, randomSplits(bytes.slice(0, cut), cut)));
    }
  });
});

describe('hostile JSON', () => {
  const chat = planOf('https://api.openai.com/v1/chat/completions', '{"model":"m"}');
  const json = { 'content-type': 'application/json' };

  it('treats wrong-typed and negative counts as not reported', () => {
    const body =
      '{"model":7,"usage":{"prompt_tokens":-5,"completion_tokens":"12","prompt_tokens_details":{"cached_tokens":1e400},"completion_tokens_details":[3]}}';
    expect(readAll(chat, json, [encode(body)])).toBeUndefined();
  });

  it('ignores __proto__ keys instead of polluting prototypes', () => {
    const body = '{"__proto__":{"polluted":1},"usage":{"__proto__":{"polluted":1},"prompt_tokens":3,"completion_tokens":4}}';
    expect(readAll(chat, json, [encode(body)])).toEqual({ inputTokens: 3, outputTokens: 4 });
    const stream = planOf('https://api.openai.com/v1/chat/completions', '{"model":"m","stream":true}');
    const sse = `data: {"__proto__":{"polluted":1},"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}\n\ndata: {"usage":{"__proto__":{"polluted":2}}}\n\n`;
    expect(readAll(stream, { 'content-type': 'text/event-stream' }, [encode(sse)])).toEqual({ inputTokens: 3, outputTokens: 4 });
  });

  it('survives nesting deeper than the stack', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(readAll(chat, json, [encode(deep)])).toBeUndefined();
    const stream = planOf('https://api.openai.com/v1/chat/completions', '{"model":"m","stream":true}');
    expect(readAll(stream, { 'content-type': 'text/event-stream' }, [encode(`data: {"usage":{"a":${deep}}}\n\n`)])).toBeUndefined();
  });

  it('returns the same answer when finish is called again', () => {
    const reader = registry.createReader(chat, { status: 200, headers: json });
    reader.push(encode('{"usage":{"prompt_tokens":1,"completion_tokens":2}}'));
    const first = reader.finish();
    expect(reader.finish()).toBe(first);
  });

  it('reads nothing from a plan it did not make', () => {
    const foreign: ProviderCallPlan = { ...chat };
    const reader = registry.createReader(foreign, { status: 200, headers: json });
    reader.push(encode('{"usage":{"prompt_tokens":1}}'));
    expect(reader.finish()).toBeUndefined();
  });
});

describe('hostile requests', () => {
  it.each([
    ['not JSON', 'model=gpt-4o&stream=true'],
    ['a JSON array', '[{"model":"gpt-4o","stream":true}]'],
    ['truncated JSON', '{"model":"gpt-4o","stream":tr'],
    ['an empty body', ''],
  ])('plans a chat call whose body is %s without rewriting it', (_what, bodyText) => {
    const plan = planOf('https://api.openai.com/v1/chat/completions', bodyText);
    expect(plan.rewrittenBodyText).toBeUndefined();
    expect(plan.stripInjectedUsageChunk).toBe(false);
    expect(plan.requestModel).toBeUndefined();
  });

  it('leaves out a model that is not a string', () => {
    expect(planOf('https://api.openai.com/v1/chat/completions', '{"model":{"name":"x"},"stream":false}').requestModel).toBeUndefined();
  });

  it('never throws on malformed URL paths', () => {
    expect(planOf('https://bedrock-runtime.us-east-1.amazonaws.com/model/%E0%A4%A/converse').requestModel).toBe('%E0%A4%A');
  });
});

describe('oversized bodies', () => {
  it('reads the head of a JSON body over the cap (a Firecrawl crawl page of many megabytes)', () => {
    const plan = planOf('https://api.firecrawl.dev/v2/crawl/crawl-9', undefined, 'GET');
    const page = JSON.stringify({ markdown: 'x'.repeat(1000), metadata: { creditsUsed: 999 } });
    const body = `{"success":true,"status":"completed","total":9000,"completed":9000,"creditsUsed":9001,"next":null,"data":[${Array(
      Math.ceil(MAX_JSON_BODY_BYTES / page.length) + 10,
    )
      .fill(page)
      .join(',')}]}`;
    expect(body.length).toBeGreaterThan(MAX_JSON_BODY_BYTES);
    const chunks = Array.from({ length: Math.ceil(body.length / 65536) }, (_, i) => encode(body.slice(i * 65536, (i + 1) * 65536)));
    expect(readAll(plan, { 'content-type': 'application/json' }, chunks)).toEqual({
      units: { credits: 9001 },
      dedupeKey: 'crawl-9',
      final: true,
    });
  });

  it('gives no tokens for an over-cap body whose usage sits past the head', () => {
    const plan = planOf('https://api.openai.com/v1/chat/completions', '{"model":"m"}');
    const body = `{"id":"c","model":"gpt-4o","choices":[{"message":{"content":"${'y'.repeat(MAX_JSON_BODY_BYTES)}"}}],"usage":{"prompt_tokens":5}}`;
    expect(readAll(plan, { 'content-type': 'application/json' }, [encode(body)])).toEqual({ responseModel: 'gpt-4o', responseId: 'c' });
  });
});

describe('bodies read member by member', () => {
  const plan = () => planOf('https://api.openai.com/v1/chat/completions', '{"model":"m"}');
  const json = { 'content-type': 'application/json' };

  it('reads the usage of a long completion without parsing its text, and the same usage as a full parse', () => {
    const content = `${'long answer \\"quoted\\" {[ '.repeat(20_000)}`;
    const body = `{"id":"c","model":"gpt-4o","choices":[{"message":{"content":"${content}"}}],"usage":{"prompt_tokens":5,"completion_tokens":9}}`;
    expect(JSON.parse(body).usage.prompt_tokens).toBe(5);
    expect(readAll(plan(), json, randomSplits(encode(body), 3, 4096))).toEqual({
      responseModel: 'gpt-4o',
      responseId: 'c',
      inputTokens: 5,
      outputTokens: 9,
    });
  });

  it('reads nothing from a body that is not one JSON object, or whose usage member is broken', () => {
    expect(readAll(plan(), json, [encode('{"usage":{"prompt_tokens":5}} trailing')])).toBeUndefined();
    expect(readAll(plan(), json, [encode('{"model":"gpt-4o","usage":{"prompt_tokens":5,}}')])).toBeUndefined();
  });
});

describe('AWS event stream framing', () => {
  it('stops at broken framing without throwing', () => {
    const plan = planOf('https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse-stream', '{}');
    const headers = { 'content-type': 'application/vnd.amazon.eventstream' };
    expect(readAll(plan, headers, [Uint8Array.of(0, 0, 0, 4, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8)])).toBeUndefined();
    expect(readAll(plan, headers, [Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0)])).toBeUndefined();
  });
});
