// Round trips through the official OpenTelemetry JS serializers: spans built with the real SDK (and hand-built
// ReadableSpans for the AnyValue types the API does not allow) → ProtobufTraceSerializer / JsonTraceSerializer →
// our decoders → every field compared with the original.

import { context, SpanKind, SpanStatusCode, trace, TraceFlags, type HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { DecodeResult, DecodedSpan } from './decoded-span.js';
import { decodeJsonTraces } from './otlp-json-decoder.js';
import { decodeProtobufTraces } from './otlp-protobuf-decoder.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const ROOT_SPAN_ID = 'b7ad6b7169203331';
const CHILD_SPAN_ID = '00f067aa0ba902b7';
const LINKED_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Each format with why it rejects a 15-byte trace id (30 hex chars in JSON). */
const formats = [
  {
    format: 'protobuf',
    decode: (spans: ReadableSpan[]) => decodeProtobufTraces(ProtobufTraceSerializer.serializeRequest(spans)!),
    shortTraceId: 'expected 16 bytes, got 15',
  },
  {
    format: 'json (bytes)',
    decode: (spans: ReadableSpan[]) => decodeJsonTraces(JsonTraceSerializer.serializeRequest(spans)!),
    shortTraceId: "expected 32 hex chars, got '0af7651916cd43dd8448eb211c8031'",
  },
  {
    format: 'json (string)',
    decode: (spans: ReadableSpan[]) => decodeJsonTraces(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)),
    shortTraceId: "expected 32 hex chars, got '0af7651916cd43dd8448eb211c8031'",
  },
];

/** Resource attributes of every type the API accepts; the decoded resource must equal them. */
const sdkResource = {
  'service.name': 'checkout',
  'r.canary': true,
  'r.replicas': 3,
  'r.ratio': 0.25,
  'r.zones': ['eu-west-1a', 'eu-west-1b'],
  'r.ports': [80, 443],
  'r.flags': [true, false],
  'r.weights': [0.5, 1.5],
};

/** Spans from the real SDK: a SERVER root and its CLIENT child, with every attribute type the API accepts. */
function sdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const spanIds = [ROOT_SPAN_ID, CHILD_SPAN_ID];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(sdkResource),
    idGenerator: { generateTraceId: () => TRACE_ID, generateSpanId: () => spanIds.shift()! },
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@costtrace/sdk', '0.1.0');
  const root = tracer.startSpan('POST /chat', { kind: SpanKind.SERVER, startTime: [1_700_000_000, 1] });
  const child = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 123_456_789],
      links: [
        {
          context: { traceId: LINKED_TRACE_ID, spanId: ROOT_SPAN_ID, traceFlags: TraceFlags.SAMPLED },
          attributes: { 'link.reason': 'retry' },
        },
      ],
      attributes: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1234,
        'costtrace.cost_usd': 0.000315,
        'costtrace.user_id': 'héllo ✓ 🚀',
        stream: false,
        negative: -42,
        'beyond.safe': 2 ** 60,
        'finish.reasons': ['stop', 'length'],
        'token.counts': [1, 2, 3],
        temperatures: [0.1, 0.2],
        toggles: [true, false],
      },
    },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('retry', { attempt: 1 }, [1_700_000_000, 200_000_000]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  child.end([1_700_000_001, 999_999_999]);
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([1_700_000_002, 0]);
  return exporter.getFinishedSpans();
}

const sdkScope = { name: '@costtrace/sdk', version: '0.1.0', attributes: {} };

function byName(result: DecodeResult, name: string): DecodedSpan {
  const span = result.spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span named ${name}`);
  return span;
}

describe.each(formats)('round trip through the official serializer: $format', ({ decode, shortTraceId }) => {
  it('decodes SDK spans field by field', () => {
    const result = decode(sdkSpans());
    expect(result.rejected).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.spans).toHaveLength(2);
    expect(byName(result, 'chat gpt-4o-mini')).toStrictEqual({
      traceId: TRACE_ID,
      spanId: CHILD_SPAN_ID,
      parentSpanId: ROOT_SPAN_ID,
      name: 'chat gpt-4o-mini',
      kind: 3,
      startTimeUnixNano: 1_700_000_000_123_456_789n,
      endTimeUnixNano: 1_700_000_001_999_999_999n,
      attributes: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1234,
        'costtrace.cost_usd': 0.000315,
        'costtrace.user_id': 'héllo ✓ 🚀',
        stream: false,
        negative: -42,
        'beyond.safe': 1_152_921_504_606_846_976n,
        'finish.reasons': ['stop', 'length'],
        'token.counts': [1, 2, 3],
        temperatures: [0.1, 0.2],
        toggles: [true, false],
      },
      resource: sdkResource,
      scope: sdkScope,
      status: { code: 2, message: 'rate limited' },
    });
    expect(byName(result, 'POST /chat')).toStrictEqual({
      traceId: TRACE_ID,
      spanId: ROOT_SPAN_ID,
      parentSpanId: '',
      name: 'POST /chat',
      kind: 2,
      startTimeUnixNano: 1_700_000_000_000_000_001n,
      endTimeUnixNano: 1_700_000_002_000_000_000n,
      attributes: {},
      resource: sdkResource,
      scope: sdkScope,
      status: { code: 1, message: '' },
    });
  });

  it('decodes kvlist, bytes, empty values, int64 edges, scope attributes and several resources', () => {
    const result = decode(handBuiltSpans());
    expect(result.rejected).toBe(0);
    expect(result.spans.map((s) => [s.spanId, s.kind, s.resource['service.name'], s.scope.name])).toEqual([
      ['1000000000000001', 1, 'billing', 'lib-a'],
      ['1000000000000002', 4, 'billing', 'lib-a'],
      ['1000000000000003', 5, 'billing', 'lib-b'],
      ['1000000000000004', 0, 'search', 'lib-a'],
    ]);
    const [first, second, third, fourth] = result.spans as [DecodedSpan, DecodedSpan, DecodedSpan, DecodedSpan];
    expect(first).toStrictEqual({
      traceId: TRACE_ID,
      spanId: '1000000000000001',
      parentSpanId: '',
      name: 'every-type',
      kind: 1,
      startTimeUnixNano: 1_700_000_000_000_000_005n,
      endTimeUnixNano: 9_000_000_000_000_000_000n,
      attributes: {
        kv: { a: 'x', n: 7, nested: { deep: [1, 'two', { three: true }] } },
        bytes: new Uint8Array([0, 1, 2, 254, 255]),
        empty: null,
        'int.2^62': 4_611_686_018_427_387_904n,
        'int.-2^62': -4_611_686_018_427_387_904n,
        'int.max_safe': Number.MAX_SAFE_INTEGER,
        'int.min_safe': Number.MIN_SAFE_INTEGER,
        'int.2^53': 9_007_199_254_740_992n,
        mixed: ['a', 1, 2.5, true, null],
        'empty.array': [],
        'empty.kvlist': {},
        'double.tiny': 5e-324,
      },
      resource: { 'service.name': 'billing', 'r.meta': { region: 'eu', racks: [1, 2] } },
      scope: { name: 'lib-a', version: '2.0.0', attributes: { 'scope.kind': 'library', 'scope.n': 3 } },
      status: { code: 0, message: '' },
    });
    expect(first.attributes.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(first.attributes.bytes)).toBe(false);
    expect(second.resource).toBe(first.resource); // one object shared by the spans of a resource
    expect(second.scope).toBe(first.scope);
    expect(third.scope).toStrictEqual({ name: 'lib-b', version: '', attributes: {} });
    expect(fourth.resource).toStrictEqual({ 'service.name': 'search' });
    expect(second.parentSpanId).toBe('1000000000000001');
  });

  it('keeps the good spans of a batch when one span has a bad trace id', () => {
    const spans = handBuiltSpans();
    const good = spans[1]!;
    spans[1] = { ...good, spanContext: () => ({ ...good.spanContext(), traceId: TRACE_ID.slice(0, 30) }) };
    const result = decode(spans);
    expect(result.spans.map((s) => s.spanId)).toEqual(['1000000000000001', '1000000000000003', '1000000000000004']);
    expect(result.rejected).toBe(1);
    expect(result.errors).toEqual([`resourceSpans[0].scopeSpans[0].spans[1].traceId: ${shortTraceId}`]);
  });

  it('keeps a __proto__ attribute as data, never as a prototype', () => {
    const attributes = {};
    Object.defineProperty(attributes, '__proto__', { value: { polluted: true }, enumerable: true });
    const [span] = decode([readableSpan({ spanId: '2000000000000001', attributes })]).spans;
    expect(Object.getPrototypeOf(span!.attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(span!.attributes, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(span!.attributes, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const billing = resourceFromAttributes({ 'service.name': 'billing', 'r.meta': { region: 'eu', racks: [1, 2] } } as never);
const search = resourceFromAttributes({ 'service.name': 'search' });
const libA = { name: 'lib-a', version: '2.0.0', attributes: { 'scope.kind': 'library', 'scope.n': 3 } };
const libB = { name: 'lib-b' };

/** The serializers encode any AnyValue (kvlist, bytes, null); only the API's attribute type is narrower. */
function handBuiltSpans(): ReadableSpan[] {
  return [
    readableSpan({
      spanId: '1000000000000001',
      name: 'every-type',
      kind: SpanKind.INTERNAL,
      startTime: [1_700_000_000, 5],
      endTime: [9_000_000_000, 0],
      attributes: {
        kv: { a: 'x', n: 7, nested: { deep: [1, 'two', { three: true }] } },
        bytes: new Uint8Array([0, 1, 2, 254, 255]),
        empty: null,
        'int.2^62': 2 ** 62,
        'int.-2^62': -(2 ** 62),
        'int.max_safe': Number.MAX_SAFE_INTEGER,
        'int.min_safe': Number.MIN_SAFE_INTEGER,
        'int.2^53': 2 ** 53,
        mixed: ['a', 1, 2.5, true, null],
        'empty.array': [],
        'empty.kvlist': {},
        'double.tiny': 5e-324,
      },
    }),
    readableSpan({ spanId: '1000000000000002', kind: SpanKind.PRODUCER, parentSpanId: '1000000000000001' }),
    readableSpan({ spanId: '1000000000000003', kind: SpanKind.CONSUMER, scope: libB }),
    readableSpan({ spanId: '1000000000000004', kind: undefined, resource: search }),
  ];
}

interface SpanSpec {
  spanId: string;
  name?: string;
  kind?: SpanKind | undefined;
  parentSpanId?: string;
  startTime?: HrTime;
  endTime?: HrTime;
  attributes?: object;
  resource?: ReadableSpan['resource'];
  scope?: object;
}

function readableSpan(spec: SpanSpec): ReadableSpan {
  return {
    name: spec.name ?? 'op',
    kind: spec.kind as SpanKind,
    spanContext: () => ({ traceId: TRACE_ID, spanId: spec.spanId, traceFlags: TraceFlags.SAMPLED }),
    parentSpanContext: spec.parentSpanId
      ? { traceId: TRACE_ID, spanId: spec.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }
      : undefined,
    startTime: spec.startTime ?? [1_700_000_000, 0],
    endTime: spec.endTime ?? [1_700_000_000, 1000],
    status: { code: SpanStatusCode.UNSET },
    attributes: (spec.attributes ?? {}) as ReadableSpan['attributes'],
    links: [],
    events: [{ name: 'tick', time: [1_700_000_000, 10], attributes: { n: 1 } }],
    duration: [0, 1000],
    ended: true,
    resource: spec.resource ?? billing,
    instrumentationScope: (spec.scope ?? libA) as ReadableSpan['instrumentationScope'],
    droppedAttributesCount: 2,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
