// The filter that gives the app back the stream it asked for after costtrace injected include_usage: the provider's
// stream with include_usage in, byte for byte the stream without it out, whatever the chunk boundaries.
import { describe, expect, it } from 'vitest';
import { byteByByte, concatBytes, everyCutInTwo, randomSplits } from '../../test/fake-providers/byte-splits.js';
import { ALL_FIXTURES, fixtureNamed, responseBytes, type ProviderFixture } from '../../test/fake-providers/index.js';
import { createProviderRegistry } from './index.js';

const registry = createProviderRegistry();
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
/** A plan that injected include_usage, so its filter strips. */
const injectedPlan = registry.plan({
  url: new URL('https://api.openai.com/v1/chat/completions'),
  method: 'POST',
  bodyText: '{"model":"m","stream":true}',
})!;

function run(chunks: readonly Uint8Array[]): Uint8Array {
  const filter = registry.createInjectedUsageFilter(injectedPlan);
  const out = chunks.map((chunk) => filter.transform(chunk));
  out.push(filter.flush());
  return concatBytes(out);
}

/** One chunk per event, as providers write them (what the filter's fast path takes). */
function eventByEvent(bytes: Uint8Array): Uint8Array[] {
  return decode(bytes)
    .split(/(?<=\r?\n\r?\n|\r\r)/)
    .filter((event) => event !== '')
    .map(encode);
}

/** Whole, event by event, cut in two at every point, byte by byte, and at random. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  return [
    [bytes],
    eventByEvent(bytes),
    ...everyCutInTwo(bytes),
    byteByByte(bytes),
    ...[3, 5, 8, 13, 21].map((seed) => randomSplits(bytes, seed, 40)),
  ];
}

function expectFiltered(input: string | Uint8Array, expected: string | Uint8Array): void {
  const want = typeof expected === 'string' ? encode(expected) : expected;
  for (const chunks of splits(typeof input === 'string' ? encode(input) : input)) {
    const out = run(chunks);
    expect(decode(out)).toBe(decode(want));
    expect(Buffer.from(out).equals(Buffer.from(want))).toBe(true);
  }
}

/** The same call's stream when the app (and costtrace) did not ask for usage. */
function uninjected(fixture: ProviderFixture): ProviderFixture {
  const found = ALL_FIXTURES.find((f) => f.provider === fixture.provider && f.path === fixture.path && f.variant === 'stream');
  if (!found) throw new Error(`no stream fixture without include_usage for ${fixture.name}`);
  return found;
}

describe.each(ALL_FIXTURES.filter((f) => f.variant === 'stream-usage').map((f) => [f.name, f] as const))('on %s', (_name, fixture) => {
  it('gives the app exactly the stream it gets without include_usage, at every chunk boundary', () => {
    const original = responseBytes(uninjected(fixture));
    expect(decode(responseBytes(fixture))).not.toBe(decode(original));
    expectFiltered(responseBytes(fixture), original);
  });
});

const event = (json: string, eol = '\n'): string => `data: ${json}${eol}${eol}`;
const DONE = event('[DONE]');

describe('"usage":null members', () => {
  it.each([
    ['after the choices', '{"id":"c","choices":[{"index":0}],"usage":null}', '{"id":"c","choices":[{"index":0}]}'],
    ['before another member', '{"id":"c","choices":[],"usage":null,"obfuscation":"x"}', '{"id":"c","choices":[],"obfuscation":"x"}'],
    ['with spaces', '{ "id" : "c" , "usage" : null , "x" : 1 }', '{ "id" : "c"  , "x" : 1 }'],
    ['with tabs', '{"id":"c",\t"usage":\tnull\t}', '{"id":"c"\t}'],
    ['as the first member', '{"usage":null,"id":"c"}', '{"id":"c"}'],
    ['as the first member, with spaces', '{ "usage" : null , "id":"c"}', '{ "id":"c"}'],
    ['as the only member', '{"usage":null}', '{}'],
  ])('removes one %s, at every chunk boundary', (_name, json, without) => {
    expect(JSON.parse(without)).toEqual(Object.fromEntries(Object.entries(JSON.parse(json)).filter(([k]) => k !== 'usage')));
    expectFiltered(event(json) + DONE, event(without) + DONE);
    expectFiltered(event(json, '\r\n'), event(without, '\r\n'));
  });

  it('removes one from data split over several lines (the line break is JSON whitespace)', () => {
    expectFiltered('data: {"id":"c",\ndata: "usage": null\ndata: }\n\n', 'data: {"id":"c"\ndata: }\n\n');
    expectFiltered('data: {\ndata: "usage":null,\ndata: "id":"c"}\n\n', 'data: {\ndata: "id":"c"}\n\n');
  });

  it.each([
    ['nested in a choice', '{"choices":[{"delta":{"usage":null}}],"id":"c"}'],
    ['inside a string', '{"choices":[{"delta":{"content":"\\"usage\\":null, \\"usage\\": null}"}}]}'],
    ['with a value other than null', '{"choices":[],"usage":0,"x":"usage"}'],
    ['outside JSON', '"usage":null'],
  ])('keeps one %s', (_name, json) => {
    const text = `${event(json)}: "usage":null\n\n${DONE}`;
    expectFiltered(text, text);
  });
});

describe('the usage-only chunk', () => {
  const content = 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}';
  const contentWithout = 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"hi"}}]}';
  const usage = 'data: {"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}';

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('is removed with %s line endings at every cut point', (_name, eol) => {
    expectFiltered(
      `${content}${eol}${eol}${usage}${eol}${eol}data: [DONE]${eol}${eol}`,
      `${contentWithout}${eol}${eol}data: [DONE]${eol}${eol}`,
    );
  });

  it('is removed when its data spans several lines; events without choices or usage stay', () => {
    const multiLine = 'data: {"id":"c1","choices":[],\ndata: "usage":{"prompt_tokens":3}}\n\n';
    const comment = ': keep-alive\n\n';
    const filterOnly = 'data: {"choices":[],"prompt_filter_results":[{"prompt_index":0}]}\n\n';
    expectFiltered(`${comment}${filterOnly}${multiLine}${DONE}`, `${comment}${filterOnly}${DONE}`);
  });

  it('is kept when its choices are not empty (usage the provider sends anyway)', () => {
    const text = event('{"choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":3}}') + DONE;
    expectFiltered(text, text);
  });

  it('is kept when only a nested object, a string or a comment has empty choices before a usage object', () => {
    const nested = event('{"choices":[{"index":0,"x":{"choices":[],"usage":{"a":1}}}],"usage":{"prompt_tokens":3}}');
    const quoted = event('{"choices":[{"delta":{"content":"\\"choices\\":[],\\"usage\\":{"}}],"usage":{"prompt_tokens":3}}');
    const comment = ': "choices":[],"usage":{}}\n\n';
    expectFiltered(nested + quoted + comment + DONE, nested + quoted + comment + DONE);
  });

  it('is removed when written in another member order or with spaces', () => {
    const reordered = event('{"usage":{"prompt_tokens":3},"id":"c1","choices":[]}');
    const spaced = event('{ "id": "c1", "choices": [ ], "usage": { "prompt_tokens": 3 } }');
    expectFiltered(`${reordered}${spaced}${DONE}`, DONE);
  });
});

describe('framing', () => {
  it('holds an event cut across chunks until its blank line, then hands it on whole', () => {
    const filter = registry.createInjectedUsageFilter(injectedPlan);
    expect(decode(filter.transform(encode('data: {"id":"c1","choices":[{"delta":{"content":"hel')))).toBe('');
    expect(decode(filter.transform(encode('lo"}}],"usage":null}\n\ndata: {"id":"c2"')))).toBe(
      'data: {"id":"c1","choices":[{"delta":{"content":"hello"}}]}\n\n',
    );
    expect(decode(filter.flush())).toBe('data: {"id":"c2"');
  });

  it('hands on the provider chunk itself when there is nothing to remove', () => {
    const filter = registry.createInjectedUsageFilter(injectedPlan);
    const two = encode(event('{"choices":[{"delta":{"content":"x"}}]}') + DONE);
    expect(filter.transform(two)).toBe(two);
    const one = encode(DONE);
    expect(filter.transform(one)).toBe(one);
  });

  it('gives the reader the events that carry usage, removed or not, and nothing else', () => {
    const usage = event('{"id":"c","choices":[],"usage":{"prompt_tokens":3}}');
    // Providers that also put usage in a content chunk: Groq under `x_groq`, others at the top level.
    const groq = event('{"id":"c","choices":[{"finish_reason":"stop"}],"x_groq":{"usage":{"prompt_tokens":3}}}');
    const last = event('{"id":"c","choices":[{"finish_reason":"stop"}],"usage":{"prompt_tokens":3}}');
    const text = event('{"id":"c","choices":[{}],"usage":null}') + groq + last + usage + DONE;
    for (const chunks of [eventByEvent(encode(text)), [encode(text)], byteByByte(encode(text))]) {
      const seen: string[] = [];
      const filter = registry.createInjectedUsageFilter(injectedPlan, (e) => seen.push(decode(e)));
      for (const chunk of chunks) filter.transform(chunk);
      expect(seen).toEqual([groq, last, usage]);
    }
  });

  it('passes an event larger than 64 KB on untouched instead of holding it', () => {
    const big = `data: {"choices":[{"delta":{"content":"${'x'.repeat(70_000)}"}}],"usage":null}`;
    const filter = registry.createInjectedUsageFilter(injectedPlan);
    // Before its end arrives, every byte of it has been passed on.
    const passed = randomSplits(encode(big), 7, 4096).map((c) => filter.transform(c));
    expect(decode(concatBytes(passed))).toBe(big);
    const rest = filter.transform(encode(`\n\n${event('{"id":"n","usage":null}')}`));
    expect(decode(rest)).toBe(`\n\n${event('{"id":"n"}')}`);
    expect(filter.flush()).toHaveLength(0);
  });

  it('keeps every chunk it gave out intact while it filters far more than its shared output buffer holds', () => {
    // One event per chunk (the fast path, whose output is cut from a shared slab), 300 KB in all, every output kept.
    const events = Array.from({ length: 3000 }, (_, i) => event(`{"id":"c${i}","choices":[{"delta":{"content":"w${i}"}}],"usage":null}`));
    const filter = registry.createInjectedUsageFilter(injectedPlan);
    const out = events.map((text) => filter.transform(encode(text)));
    expect(out.map(decode)).toEqual(events.map((text) => text.replace(',"usage":null}', '}')));
  });

  it('keeps every chunk it gave out intact when each chunk holds several whole events', () => {
    // A provider that wrote faster than the app read: whole events, five to a chunk, 600 KB in all.
    const chunks = Array.from({ length: 1000 }, (_, c) =>
      Array.from({ length: 5 }, (_, i) => event(`{"id":"c${c}.${i}","choices":[{"delta":{"content":"w"}}],"usage":null}`)).join(''),
    );
    const filter = registry.createInjectedUsageFilter(injectedPlan);
    const out = chunks.map((text) => filter.transform(encode(text)));
    expect(out.map(decode)).toEqual(chunks.map((text) => text.replaceAll(',"usage":null}', '}')));
    const large = Array.from({ length: 1000 }, (_, i) => event(`{"id":"l${i}","usage":null}`)).join('');
    expect(large.length).toBeGreaterThan(16 * 1024);
    expect(decode(filter.transform(encode(large)))).toBe(large.replaceAll(',"usage":null}', '}'));
  });

  it('keeps blank lines between whole events and removes "usage":null from the data line of a named event', () => {
    const named = 'event: delta\ndata: {"id":"a","usage":null}\n\n';
    const usage = event('{"id":"a","choices":[],"usage":{"prompt_tokens":3}}');
    const text = `${named}\n${usage}\n\n${event('{"id":"b","usage":null}')}${DONE}`;
    expectFiltered(text, `event: delta\ndata: {"id":"a"}\n\n\n\n\n${event('{"id":"b"}')}${DONE}`);
  });

  it('removes "usage":null from a one-chunk event larger than the fast path copies into its shared buffer', () => {
    const json = `{"choices":[{"delta":{"content":"${'y'.repeat(20_000)}"}}],"usage":null}`;
    const filter = registry.createInjectedUsageFilter(injectedPlan);
    const kept = filter.transform(encode(event('{"id":"a","usage":null}')));
    expect(decode(filter.transform(encode(event(json))))).toBe(event(json.replace(',"usage":null}', '}')));
    expect(decode(kept)).toBe(event('{"id":"a"}'));
  });

  it('passes everything through when the plan injected nothing', () => {
    const own = registry.plan({
      url: new URL('https://api.openai.com/v1/chat/completions'),
      method: 'POST',
      bodyText: '{"model":"m","stream":true,"stream_options":{"include_usage":true}}',
    })!;
    const text = fixtureNamed('openai chat stream with include_usage').response.body as string;
    const filter = registry.createInjectedUsageFilter(own);
    const out = randomSplits(encode(text), 4).map((c) => filter.transform(c));
    out.push(filter.flush());
    expect(decode(concatBytes(out))).toBe(text);
  });
});
