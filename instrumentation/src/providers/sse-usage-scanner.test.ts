// The incremental SSE scanner: event framing across chunk boundaries, which events it parses, bounded memory, and
// cumulative usage objects read as their latest value (never summed).
import { describe, expect, it } from 'vitest';
import { byteByByte, everyCutInTwo, randomSplits } from '../../test/fake-providers/byte-splits.js';
import { createProviderRegistry } from './index.js';
import { SseUsageScanner } from './sse-usage-scanner.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function scan(chunks: readonly Uint8Array[], needles = ['usage'], max?: number): Array<[string | undefined, unknown]> {
  const seen: Array<[string | undefined, unknown]> = [];
  const scanner = new SseUsageScanner(needles, (type, _text, data) => seen.push([type, data]), max);
  for (const chunk of chunks) scanner.push(chunk);
  scanner.finish();
  return seen;
}

describe('SseUsageScanner', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('splits %s-framed events at every cut point', (_name, eol) => {
    const text = `event: a${eol}data: {"usage":{"n":1}}${eol}${eol}data: {"x":1}${eol}${eol}event: b${eol}data: {"usage": {"n":2}}${eol}${eol}`;
    for (const chunks of everyCutInTwo(encode(text))) {
      expect(scan(chunks)).toEqual([
        ['a', { usage: { n: 1 } }],
        ['b', { usage: { n: 2 } }],
      ]);
    }
  });

  it('joins multi-line data and takes the type from the data when there is no event field', () => {
    const text = 'data: {"type":"message_delta",\ndata:"usage":\ndata: {"output_tokens":7}}\n\n';
    expect(scan(byteByByte(encode(text)))).toEqual([['message_delta', { type: 'message_delta', usage: { output_tokens: 7 } }]]);
  });

  it('parses only events whose usage key holds an object', () => {
    const text = [
      'data: {"choices":[{"delta":{"content":"the \\"usage\\": {"}}],"usage":null}',
      ': comment "usage":{',
      'data: {"usage":{"prompt_tokens":1}}',
      'data: [DONE]',
    ].join('\n\n');
    expect(scan([encode(`${text}\n\n`)])).toEqual([[undefined, { usage: { prompt_tokens: 1 } }]]);
  });

  it('drops an oversized event and keeps reading the next ones', () => {
    const big = `data: {"usage":{"pad":"${'x'.repeat(5000)}"}}\n\n`;
    const small = 'data: {"usage":{"n":3}}\n\n';
    expect(scan(randomSplits(encode(big + small), 11), ['usage'], 4096)).toEqual([[undefined, { usage: { n: 3 } }]]);
  });

  it('discards an unterminated last event and skips malformed JSON', () => {
    expect(scan([encode('data: {"usage":{bad}}\n\ndata: {"usage":{"n":1}}')])).toEqual([]);
  });
});

describe('cumulative stream usage', () => {
  const registry = createProviderRegistry();

  it('keeps the latest of Anthropic cumulative message_delta usage instead of summing', () => {
    const plan = registry.plan({
      url: new URL('https://api.anthropic.com/v1/messages'),
      method: 'POST',
      bodyText: '{"model":"claude-haiku-4-5","stream":true}',
    })!;
    const text = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude-haiku-4-5","usage":{"input_tokens":10,"cache_read_input_tokens":90,"output_tokens":1}}}',
      'event: message_delta\ndata: {"type":"message_delta","delta":{},"usage":{"output_tokens":40}}',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":55,"server_tool_use":{"web_search_requests":1}}}',
      'event: message_stop\ndata: {"type":"message_stop"}',
    ].join('\n\n');
    for (const seed of [1, 2, 3]) {
      const reader = registry.createReader(plan, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
      for (const chunk of randomSplits(encode(`${text}\n\n`), seed, 16)) reader.push(chunk);
      expect(reader.finish()).toEqual({
        responseModel: 'claude-haiku-4-5',
        responseId: 'msg_1',
        inputTokens: 100,
        outputTokens: 55,
        cacheReadTokens: 90,
        units: { web_search_requests: 1 },
      });
    }
  });

  it('keeps the latest Gemini usageMetadata and the usage seen so far when the stream is cut', () => {
    const plan = registry.plan({
      url: new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse'),
      method: 'POST',
    })!;
    const reader = registry.createReader(plan, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    reader.push(encode('data: {"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2}}\r\n\r\n'));
    reader.push(
      encode('data: {"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":9,"thoughtsTokenCount":4}}\r\n\r\ndata: {"usageMeta'),
    );
    expect(reader.finish()).toEqual({ inputTokens: 5, outputTokens: 13, reasoningTokens: 4 });
  });
});
