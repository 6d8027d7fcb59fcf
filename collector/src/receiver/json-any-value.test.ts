// Lone UTF-16 surrogates from OTLP/JSON escapes: ClickHouse refuses them in a JSONEachRow insert, so the decoder
// turns them into U+FFFD (as invalid UTF-8 in protobuf) wherever a string can reach a row.
import { expect, test } from 'vitest';
import { decodeJsonTraces } from './otlp-json-decoder.js';

test('lone surrogates in attribute keys, string values and names become U+FFFD; valid pairs stay', () => {
  // Written as JSON text so the escapes reach JSON.parse exactly as a hostile or buggy sender wrote them.
  const body = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api\\udc00"}}]},
    "scopeSpans":[{"scope":{"name":"lib\\ud800"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
    "spanId":"eee19b7ec3c1b174","name":"chat \\ud83d","attributes":[
      {"key":"costtrace.feature","value":{"stringValue":"a\\ud800b"}},
      {"key":"costtrace.meta.\\udfff","value":{"stringValue":"emoji \\ud83d\\ude00"}},
      {"key":"list","value":{"arrayValue":{"values":[{"stringValue":"\\udbff"}]}}}]}]}]}]}`;
  const { spans, rejected } = decodeJsonTraces(body);
  expect(rejected).toBe(0);
  const [span] = spans;
  expect(span!.resource).toEqual({ 'service.name': 'api\ufffd' });
  expect(span!.scope.name).toBe('lib\ufffd');
  expect(span!.name).toBe('chat \ufffd');
  expect(span!.attributes).toEqual({
    'costtrace.feature': 'a\ufffdb',
    'costtrace.meta.\ufffd': 'emoji 😀',
    list: ['\ufffd'],
  });
});
