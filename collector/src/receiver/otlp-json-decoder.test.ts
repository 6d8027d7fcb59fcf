// OTLP/JSON decoding beyond the JS exporter's output: Collector-style strings for 64-bit numbers, snake_case,
// enum names, special doubles, base64 bytes, and bad input (body-level errors vs. one rejected span).

import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { decodeJsonTraces } from './otlp-json-decoder.js';

const TRACE = '5b8efff798038103d269b633813fc60c';

/** A request with one resource and one scope holding `spans`. */
function request(spans: unknown[], resource: unknown = { attributes: [] }, scope: unknown = { name: 'lib' }): string {
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] });
}
const span = (spanId: string, fields: Record<string, unknown> = {}) => ({ traceId: TRACE, spanId, name: 'op', ...fields });
const attr = (key: string, value: unknown) => ({ key, value });

/** Asserts that `body` throws OtlpDecodeError with exactly `message`. */
const expectBodyError = (body: string, message: string) => expect(() => decodeJsonTraces(body)).toThrow(new OtlpDecodeError(message));

describe('decodeJsonTraces', () => {
  it('decodes Collector-style JSON: 64-bit numbers as strings, uppercase hex ids', () => {
    // the shape the OpenTelemetry Collector's otlphttp exporter writes
    const body = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},
      {"key":"host.cpus","value":{"intValue":"8"}}]},"scopeSpans":[{"scope":{"name":"otelhttp","version":"0.61.0"},
      "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",
      "name":"chat","kind":3,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
      "attributes":[{"key":"gen_ai.usage.input_tokens","value":{"intValue":"1200"}},
      {"key":"big","value":{"intValue":"9007199254740993"}},{"key":"costtrace.cost_usd","value":{"doubleValue":0.0042}}],
      "droppedAttributesCount":0,"events":[{"timeUnixNano":"1544712660500000000","name":"ev"}],"droppedEventsCount":0,
      "links":[],"droppedLinksCount":0,"flags":257,"status":{"code":2,"message":"boom"}}]}]}]}`;
    expect(decodeJsonTraces(body)).toStrictEqual({
      spans: [
        {
          traceId: TRACE,
          spanId: 'eee19b7ec3c1b174',
          parentSpanId: 'eee19b7ec3c1b173',
          name: 'chat',
          kind: 3,
          startTimeUnixNano: 1_544_712_660_000_000_000n,
          endTimeUnixNano: 1_544_712_661_000_000_000n,
          attributes: { 'gen_ai.usage.input_tokens': 1200, big: 9_007_199_254_740_993n, 'costtrace.cost_usd': 0.0042 },
          resource: { 'service.name': 'api', 'host.cpus': 8 },
          scope: { name: 'otelhttp', version: '0.61.0', attributes: {} },
          status: { code: 2, message: 'boom' },
        },
      ],
      rejected: 0,
      errors: [],
    });
  });

  it('reads intValue and timestamps the same as numbers or as strings', () => {
    const values: [unknown, number | bigint][] = [
      [42, 42],
      ['42', 42],
      [-7, -7],
      ['-7', -7],
      ['-0', 0],
      [9007199254740991, 9007199254740991],
      ['9007199254740991', 9007199254740991],
      ['9223372036854775807', 9223372036854775807n],
      ['-9223372036854775808', -9223372036854775808n],
      [2 ** 60, 1152921504606846976n],
    ];
    const attributes = values.map(([v], i) => attr(`v${i}`, { intValue: v }));
    const asNumbers = span('0000000000000001', { startTimeUnixNano: 1_700_000_000_000, endTimeUnixNano: 2 ** 62, attributes });
    const asStrings = span('0000000000000002', { startTimeUnixNano: '1700000000000', endTimeUnixNano: '4611686018427387904', attributes });
    const { spans } = decodeJsonTraces(request([asNumbers, asStrings]));
    const expected = Object.fromEntries(values.map(([, e], i) => [`v${i}`, e]));
    for (const decoded of spans) {
      expect(decoded.attributes).toStrictEqual(expected);
      expect(decoded.startTimeUnixNano).toBe(1_700_000_000_000n);
      expect(decoded.endTimeUnixNano).toBe(4_611_686_018_427_387_904n);
    }
    expect(spans).toHaveLength(2);
  });

  it('decodes special doubles, base64 bytes, nested values, empty values and enum names', () => {
    const attributes = [
      attr('nan', { doubleValue: 'NaN' }),
      attr('inf', { doubleValue: 'Infinity' }),
      attr('-inf', { doubleValue: '-Infinity' }),
      attr('text', { doubleValue: '2.5e-3' }),
      attr('bytes', { bytesValue: Buffer.from([0, 1, 250, 255]).toString('base64') }),
      attr('url-safe', { bytesValue: '-_8' }),
      attr('kv', { kvlistValue: { values: [attr('a', { arrayValue: { values: [{ boolValue: true }, {}] } })] } }),
      attr('empty.array', { arrayValue: {} }),
      attr('empty', {}),
      attr('missing', undefined),
      attr('unknown.type', { futureValue: 1 }),
    ];
    const [decoded] = decodeJsonTraces(
      request([span('0000000000000001', { kind: 'SPAN_KIND_PRODUCER', status: { code: 'STATUS_CODE_OK' }, attributes })]),
    ).spans;
    expect(decoded!.kind).toBe(4);
    expect(decoded!.status).toStrictEqual({ code: 1, message: '' });
    expect(decoded!.attributes).toStrictEqual({
      nan: NaN,
      inf: Infinity,
      '-inf': -Infinity,
      text: 0.0025,
      bytes: new Uint8Array([0, 1, 250, 255]),
      'url-safe': new Uint8Array([0xfb, 0xff]),
      kv: { a: [true, null] },
      'empty.array': [],
      empty: null,
      missing: null,
      'unknown.type': null,
    });
    expect(Buffer.isBuffer(decoded!.attributes.bytes)).toBe(false);
  });

  it('accepts snake_case field names', () => {
    const body = JSON.stringify({
      resource_spans: [
        {
          resource: { attributes: [attr('service.name', { string_value: 'py' })] },
          scope_spans: [
            {
              scope: { name: 'snake' },
              spans: [
                {
                  trace_id: TRACE,
                  span_id: '0000000000000001',
                  parent_span_id: '0000000000000002',
                  name: 'op',
                  start_time_unix_nano: '5',
                  end_time_unix_nano: '6',
                  attributes: [
                    attr('i', { int_value: '1' }),
                    attr('d', { double_value: 1.5 }),
                    attr('b', { bool_value: true }),
                    attr('a', { array_value: { values: [{ string_value: 'x' }] } }),
                    attr('k', { kvlist_value: { values: [attr('y', { bytes_value: 'AQ==' })] } }),
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const [decoded] = decodeJsonTraces(body).spans;
    expect(decoded).toMatchObject({ parentSpanId: '0000000000000002', startTimeUnixNano: 5n, endTimeUnixNano: 6n });
    expect(decoded!.resource).toStrictEqual({ 'service.name': 'py' });
    expect(decoded!.attributes).toStrictEqual({ i: 1, d: 1.5, b: true, a: ['x'], k: { y: new Uint8Array([1]) } });
  });

  it('throws OtlpDecodeError naming the problem when the body as a whole is wrong', () => {
    for (const notJson of ['{"resourceSpans": [', '', 'resourceSpans']) {
      expect(() => decodeJsonTraces(notJson)).toThrow(OtlpDecodeError);
      expect(() => decodeJsonTraces(notJson)).toThrow(/^body is not valid JSON: /);
    }
    expectBodyError('[]', 'body must be a JSON object (ExportTraceServiceRequest), got an array');
    expectBodyError('"x"', "body must be a JSON object (ExportTraceServiceRequest), got 'x'");
    expectBodyError('null', 'body must be a JSON object (ExportTraceServiceRequest), got null');
    expectBodyError('{"resourceSpans":{}}', 'resourceSpans: expected an array, got an object');
    expectBodyError('{"resourceSpans":[1]}', 'resourceSpans[0]: expected an object, got number 1');
    expectBodyError('{"resourceSpans":[{"scopeSpans":"x"}]}', "resourceSpans[0].scopeSpans: expected an array, got 'x'");
    expectBodyError(
      '{"resourceSpans":[{"scopeSpans":[{"spans":7}]}]}',
      'resourceSpans[0].scopeSpans[0].spans: expected an array, got number 7',
    );
  });

  it('decodes an empty request, a BOM-prefixed body and UTF-8 bytes with invalid sequences', () => {
    expect(decodeJsonTraces('{}')).toStrictEqual({ spans: [], rejected: 0, errors: [] });
    expect(decodeJsonTraces('\uFEFF{"resourceSpans":[]}').spans).toEqual([]);
    const bytes = Buffer.concat([Buffer.from(request([span('0000000000000001', { name: 'a__b' })]))]);
    const at = bytes.indexOf('a__b');
    bytes[at + 1] = 0xff;
    bytes[at + 2] = 0xfe;
    expect(decodeJsonTraces(new Uint8Array(bytes)).spans[0]!.name).toBe('a\uFFFD\uFFFDb');
  });

  it('rejects only the spans with bad ids or wrong-typed fields, with a reason for each', () => {
    const result = decodeJsonTraces(
      request([
        span('0000000000000001'),
        span('0000000000000002', { traceId: 'xyz' }),
        span('0000000000000000'),
        span('00000000000000zz'),
        { spanId: '0000000000000005' },
        span('0000000000000006', { parentSpanId: '0000000000000000' }),
        span('0000000000000007', { name: 7 }),
        span('0000000000000008', { startTimeUnixNano: '-5' }),
        span('0000000000000009', { kind: 'SPAN_KIND_MAGIC' }),
        span('000000000000000a', { attributes: [attr('n', { intValue: 1.5 })] }),
        span('000000000000000b', { attributes: {} }),
        'not a span',
        span('000000000000000d', { status: { code: 2, message: 404 } }),
      ]),
    );
    expect(result.spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([
      ['0000000000000001', ''],
      ['0000000000000006', ''],
    ]);
    expect(result.rejected).toBe(11);
    expect(result.errors).toEqual([
      "resourceSpans[0].scopeSpans[0].spans[1].traceId: expected 32 hex chars, got 'xyz'",
      'resourceSpans[0].scopeSpans[0].spans[2].spanId: must not be all zeros',
      "resourceSpans[0].scopeSpans[0].spans[3].spanId: expected 16 hex chars, got '00000000000000zz'",
      'resourceSpans[0].scopeSpans[0].spans[4].traceId: expected 32 hex chars, got nothing',
      'resourceSpans[0].scopeSpans[0].spans[6].name: expected a string, got number 7',
      "resourceSpans[0].scopeSpans[0].spans[7].startTimeUnixNano: expected a uint64 (integer or decimal string), got '-5'",
      "resourceSpans[0].scopeSpans[0].spans[8].kind: expected an enum number or name, got 'SPAN_KIND_MAGIC'",
      "resourceSpans[0].scopeSpans[0].spans[9].attributes['n']: intValue: expected an int64 (integer or decimal string), got number 1.5",
      'resourceSpans[0].scopeSpans[0].spans[10].attributes: expected an array, got an object',
      "resourceSpans[0].scopeSpans[0].spans[11]: expected a Span object, got 'not a span'",
    ]); // capped at 10: the 11th reason (status.message) is counted but not listed
  });

  it('rejects every span under a resource or scope whose attributes are wrong', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [attr('r', { boolValue: 'yes' })] },
          scopeSpans: [{ spans: [span('0000000000000001'), span('0000000000000002')] }, { spans: [span('0000000000000003')] }],
        },
        {
          scopeSpans: [
            { scope: { name: 'ok' }, spans: [span('0000000000000004')] },
            { scope: { version: 2 }, spans: [span('0000000000000005')] },
          ],
        },
      ],
    });
    expect(decodeJsonTraces(body)).toMatchObject({
      rejected: 4,
      errors: [
        "resourceSpans[0].resource.attributes['r']: boolValue: expected a boolean, got 'yes'",
        'resourceSpans[1].scopeSpans[1].scope.version: expected a string, got number 2',
      ],
    });
    expect(decodeJsonTraces(body).spans.map((s) => s.spanId)).toEqual(['0000000000000004']);
  });

  it('accepts 32 levels of nesting and rejects 33, however deep the body nests', () => {
    // built as text: a 100,000-deep value would overflow the stack of any recursive builder (and of JSON.stringify)
    const nested = (n: number) => `${'{"arrayValue":{"values":['.repeat(n)}{"stringValue":"x"}${']}}'.repeat(n)}`;
    const spanWith = (id: string, depth: number) =>
      `{"traceId":"${TRACE}","spanId":"${id}","attributes":[{"key":"a","value":${nested(depth)}}]}`;
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[${spanWith('0000000000000001', 32)},${spanWith('0000000000000002', 33)},${spanWith('0000000000000003', 100_000)}]}]}]}`;
    const result = decodeJsonTraces(body);
    expect(result.spans.map((s) => s.spanId)).toEqual(['0000000000000001']);
    expect(JSON.stringify(result.spans[0]!.attributes.a)).toBe(`${'['.repeat(32)}"x"${']'.repeat(32)}`);
    expect(result.errors).toEqual([
      "resourceSpans[0].scopeSpans[0].spans[1].attributes['a']: value nests deeper than 32 arrays/kvlists",
      "resourceSpans[0].scopeSpans[0].spans[2].attributes['a']: value nests deeper than 32 arrays/kvlists",
    ]);
  });
});
