// Protobuf decoding of hand-encoded bodies (protobufjs Writer): int64 edges, unknown fields, field order, span
// rejection, nesting limits, invalid UTF-8, and corrupt input (every truncation, bit flips) → only OtlpDecodeError.

import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { decodeProtobufTraces } from './otlp-protobuf-decoder.js';

// --- a tiny encoder for hand-built bodies --------------------------------------------------------------------
type Part = Uint8Array;
const encode = (build: (w: protobuf.Writer) => void): Uint8Array => {
  const w = protobuf.Writer.create();
  build(w);
  return w.finish();
};
const cat = (...parts: Part[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const len = (field: number, body: Part | string): Part =>
  encode((w) => (typeof body === 'string' ? w.uint32((field << 3) | 2).string(body) : w.uint32((field << 3) | 2).bytes(body)));
const varint = (field: number, value: number | string): Part => encode((w) => w.uint32(field << 3).int64(value));
const fixed64 = (field: number, value: bigint): Part => encode((w) => w.uint32((field << 3) | 1).fixed64(value.toString()));
const double = (field: number, value: number): Part => encode((w) => w.uint32((field << 3) | 1).double(value));
const fixed32 = (field: number, value: number): Part => encode((w) => w.uint32((field << 3) | 5).fixed32(value));
const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** AnyValue / KeyValue builders. */
const str = (s: string): Part => len(1, s);
const int = (v: number | string): Part => varint(3, v);
const arr = (...values: Part[]): Part => len(5, cat(...values.map((v) => len(1, v))));
const kvlist = (...kvs: Part[]): Part => len(6, cat(...kvs.map((kv) => len(1, kv))));
const kv = (key: string, value?: Part): Part => cat(len(1, key), ...(value ? [len(2, value)] : []));

const TRACE = '5b8efff798038103d269b633813fc60c';
/** One Span message; `extra` parts go after the standard fields. */
function span(spanId: string, ...extra: Part[]): Part {
  return cat(len(1, hex(TRACE)), len(2, hex(spanId)), len(5, `span-${spanId}`), varint(6, 3), fixed64(7, 1n), fixed64(8, 2n), ...extra);
}
/** A request with one resource and one scope holding `spans`. */
function request(spans: Part[], resource: Part = len(1, kv('service.name', str('svc')))): Uint8Array {
  const scopeSpans = cat(len(1, len(1, 'scope')), ...spans.map((s) => len(2, s)));
  return len(1, cat(len(1, resource), len(2, scopeSpans)));
}
const attributesOf = (...kvs: Part[]): Part[] => kvs.map((k) => len(9, k));

/** n nested single-element arrays around the string 'x'. */
function nestedArrays(n: number): Part {
  let value = str('x');
  for (let i = 0; i < n; i++) value = arr(value);
  return value;
}

/** Asserts that `body` throws OtlpDecodeError with exactly `message`. */
const expectBodyError = (body: Uint8Array, message: string) =>
  expect(() => decodeProtobufTraces(body)).toThrow(new OtlpDecodeError(message));

describe('decodeProtobufTraces', () => {
  it('decodes int64 values exactly: numbers while safe, bigints beyond', () => {
    const cases: [string, number | bigint][] = [
      ['0', 0],
      ['-1', -1],
      ['9007199254740991', 9007199254740991],
      ['9007199254740992', 9007199254740992n],
      ['9007199254740993', 9007199254740993n],
      ['-9007199254740991', -9007199254740991],
      ['-9007199254740992', -9007199254740992n],
      ['9223372036854775807', 9223372036854775807n],
      ['-9223372036854775808', -9223372036854775808n],
      ['4294967296', 4294967296],
    ];
    const body = request([span('0000000000000001', ...attributesOf(...cases.map(([v]) => kv(`i${v}`, int(v)))))]);
    const { spans } = decodeProtobufTraces(body);
    expect(spans[0]!.attributes).toStrictEqual(Object.fromEntries(cases.map(([v, expected]) => [`i${v}`, expected])));
  });

  it('decodes doubles, bools, bytes, empty values and keyless or valueless KeyValues', () => {
    const body = request([
      span(
        '0000000000000001',
        ...attributesOf(
          kv('nan', double(4, NaN)),
          kv('inf', double(4, -Infinity)),
          kv('zero', double(4, -0)),
          kv('yes', varint(2, 1)),
          kv('no', varint(2, 0)),
          kv('bytes', len(7, new Uint8Array([9, 8, 7]))),
          kv('empty.bytes', len(7, new Uint8Array())),
          kv('empty.value', new Uint8Array()),
          kv('no.value'),
          len(2, str('no key')),
          kv('dup', str('first')),
          kv('dup', str('second')),
          kv('last.wins', cat(str('a'), int(5))),
        ),
      ),
    ]);
    expect(decodeProtobufTraces(body).spans[0]!.attributes).toStrictEqual({
      nan: NaN,
      inf: -Infinity,
      zero: -0,
      yes: true,
      no: false,
      bytes: new Uint8Array([9, 8, 7]),
      'empty.bytes': new Uint8Array(),
      'empty.value': null,
      'no.value': null,
      '': 'no key',
      dup: 'second',
      'last.wins': 5,
    });
  });

  it('skips unknown fields of every wire type at every level, and accepts fields in any order', () => {
    const unknown = cat(varint(99, 7), fixed64(98, 1n), len(97, 'x'), fixed32(96, 1));
    const anyValue = cat(unknown, str('v'));
    const keyValue = cat(len(2, anyValue), unknown, len(1, 'k'));
    const spanBody = cat(
      unknown,
      len(15, cat(unknown, varint(3, 2), len(2, 'boom'))),
      len(9, keyValue),
      len(11, cat(fixed64(1, 5n), len(2, 'event'), len(3, kv('e', str('x'))))), // events: skipped
      len(13, cat(len(1, hex(TRACE)), len(2, hex('00000000000000aa')))), // links: skipped
      len(3, 'vendor=1'), // trace_state
      fixed32(16, 0x101), // flags
      fixed64(8, 20n),
      fixed64(7, 10n),
      varint(6, 5),
      len(5, 'reordered'),
      len(4, hex('00000000000000bb')),
      len(2, hex('00000000000000cc')),
      len(1, hex(TRACE)),
    );
    const scope = cat(unknown, len(3, kv('s', int(1))), len(2, '1.0'), len(1, 'lib'));
    // scope_spans before resource, scope after spans: the resource and scope still reach every span
    const scopeSpans = cat(len(2, spanBody), len(3, 'https://schema'), len(1, scope), unknown);
    const resource = cat(unknown, len(1, kv('service.name', str('svc'))), varint(2, 0));
    const body = cat(unknown, len(1, cat(len(2, scopeSpans), unknown, len(1, resource))), unknown);
    expect(decodeProtobufTraces(body)).toStrictEqual({
      spans: [
        {
          traceId: TRACE,
          spanId: '00000000000000cc',
          parentSpanId: '00000000000000bb',
          name: 'reordered',
          kind: 5,
          startTimeUnixNano: 10n,
          endTimeUnixNano: 20n,
          attributes: { k: 'v' },
          resource: { 'service.name': 'svc' },
          scope: { name: 'lib', version: '1.0', attributes: { s: 1 } },
          status: { code: 2, message: 'boom' },
        },
      ],
      rejected: 0,
      errors: [],
    });
  });

  it('rejects only the spans with invalid ids, with a reason for each', () => {
    const ok = (id: string, ...extra: Part[]) => cat(len(1, hex(TRACE)), len(2, hex(id)), ...extra);
    const body = request([
      span('0000000000000001'),
      cat(len(1, hex(TRACE.slice(2))), len(2, hex('0000000000000002'))), // 15-byte trace id
      cat(len(1, hex('00'.repeat(16))), len(2, hex('0000000000000003'))), // all-zero trace id
      ok('0000000000000000'), // all-zero span id
      cat(len(2, hex('0000000000000005'))), // no trace id
      ok('000000000000000006'), // 9-byte span id
      ok('0000000000000007', len(4, hex('0102'))), // 2-byte parent
      ok('0000000000000008', len(4, hex('0000000000000000'))), // all-zero parent: a root
      ok('0000000000000009', len(4, new Uint8Array())), // empty parent: a root
    ]);
    const result = decodeProtobufTraces(body);
    expect(result.spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([
      ['0000000000000001', ''],
      ['0000000000000008', ''],
      ['0000000000000009', ''],
    ]);
    expect(result.rejected).toBe(6);
    expect(result.errors).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[1].traceId: expected 16 bytes, got 15',
      'resourceSpans[0].scopeSpans[0].spans[2].traceId: must not be all zeros',
      'resourceSpans[0].scopeSpans[0].spans[3].spanId: must not be all zeros',
      'resourceSpans[0].scopeSpans[0].spans[4].traceId: missing',
      'resourceSpans[0].scopeSpans[0].spans[5].spanId: expected 8 bytes, got 9',
      'resourceSpans[0].scopeSpans[0].spans[6].parentSpanId: expected 8 bytes, got 2',
    ]);
  });

  it('keeps at most 10 distinct reasons while counting every rejected span', () => {
    const bad = (i: number) => cat(len(1, hex(TRACE)), len(2, new Uint8Array(i % 3 === 0 ? 3 : 4)));
    const result = decodeProtobufTraces(request([...Array.from({ length: 25 }, (_, i) => bad(i)), span('0000000000000001')]));
    expect(result.spans).toHaveLength(1);
    expect(result.rejected).toBe(25);
    expect(result.errors).toHaveLength(10);
    expect(new Set(result.errors).size).toBe(10);
  });

  it('accepts 32 levels of nesting and rejects 33 (the span alone; the whole resource when it is there)', () => {
    const deepKv = (n: number): Part => (n === 0 ? str('x') : kvlist(kv('k', deepKv(n - 1))));
    const result = decodeProtobufTraces(
      request([
        span('0000000000000001', ...attributesOf(kv('a', nestedArrays(32)))),
        span('0000000000000002', ...attributesOf(kv('a', nestedArrays(33)))),
        span('0000000000000003', ...attributesOf(kv('kv', deepKv(33)))),
        span('0000000000000004'),
      ]),
    );
    expect(result.spans.map((s) => s.spanId)).toEqual(['0000000000000001', '0000000000000004']);
    let value = result.spans[0]!.attributes.a;
    for (let i = 0; i < 32; i++) value = (value as unknown[])[0] as typeof value;
    expect(value).toBe('x');
    expect(result.errors).toEqual([
      "resourceSpans[0].scopeSpans[0].spans[1].attributes['a']: value nests deeper than 32 arrays/kvlists",
      `resourceSpans[0].scopeSpans[0].spans[2].attributes['kv']: ${"kvlistValue.values['k']: ".repeat(32)}value nests deeper than 32 arrays/kvlists`,
    ]);

    const deepResource = request([span('0000000000000001'), span('0000000000000002')], len(1, kv('r', nestedArrays(40))));
    expect(decodeProtobufTraces(deepResource)).toStrictEqual({
      spans: [],
      rejected: 2,
      errors: ["resourceSpans[0].resource.attributes['r']: value nests deeper than 32 arrays/kvlists"],
    });
  });

  it('decodes invalid UTF-8 with replacement characters instead of throwing', () => {
    const bad = (prefix: string) => cat(Buffer.from(prefix), new Uint8Array([0xff, 0xc3]), Buffer.from('!'));
    const long = 'l'.repeat(60);
    const body = request([
      cat(
        len(1, hex(TRACE)),
        len(2, hex('0000000000000001')),
        len(5, bad('name')),
        len(9, cat(len(1, bad('key')), len(2, len(1, bad(long))))),
      ),
    ]);
    const [decoded] = decodeProtobufTraces(body).spans;
    expect(decoded!.name).toBe('name\uFFFD\uFFFD!');
    expect(decoded!.attributes).toStrictEqual({ 'key\uFFFD\uFFFD!': `${long}\uFFFD\uFFFD!` });
  });

  it('reads a body that is a view into a larger buffer, and an empty body', () => {
    const body = request([span('0000000000000001')]);
    const backing = new Uint8Array(body.length + 7).fill(0xff);
    backing.set(body, 3);
    expect(decodeProtobufTraces(backing.subarray(3, 3 + body.length)).spans.map((s) => s.spanId)).toEqual(['0000000000000001']);
    expect(decodeProtobufTraces(new Uint8Array())).toStrictEqual({ spans: [], rejected: 0, errors: [] });
  });

  it('names what is wrong and where when the body is corrupt', () => {
    const body = request([span('0000000000000001')]);
    expect(body.length).toBeLessThan(128); // so every length prefix below is one byte
    // the span's name (its last string) declared 100 bytes long: it now runs past the end of the Span
    const name = Buffer.from(body).indexOf(Buffer.from('span-'));
    const corrupt = new Uint8Array(body);
    corrupt[name - 1] = 100;
    expectBodyError(
      corrupt,
      `truncated length-delimited field 5 in Span at byte ${name - 2}: 100 bytes declared, ${body.length - name} left`,
    );
    // the body cut short: the outer ResourceSpans frame promises more than there is
    expectBodyError(
      body.subarray(0, body.length - 1),
      `truncated length-delimited field 1 in ExportTraceServiceRequest at byte 0: ${body.length - 2} bytes declared, ${body.length - 3} left`,
    );
  });

  it('rejects groups, field number 0 and truncated varints as corrupt', () => {
    // each bad tag is the last thing in the body, so it starts 2 bytes before the end
    const withGroup = request([
      cat(
        span('0000000000000001'),
        encode((w) => w.uint32((20 << 3) | 3)),
      ),
    ]);
    expectBodyError(withGroup, `unsupported wire type 3 for field 20 in Span at byte ${withGroup.length - 2}`);
    const withFieldZero = request([cat(span('0000000000000001'), new Uint8Array([0, 0]))]);
    expectBodyError(withFieldZero, `invalid field number 0 in Span at byte ${withFieldZero.length - 2}`);
    expectBodyError(new Uint8Array([0x0a, 0x80]), 'truncated varint field 1 in ExportTraceServiceRequest at byte 1');
    expectBodyError(new Uint8Array([0x88]), 'truncated tag in ExportTraceServiceRequest at byte 0');
    expectBodyError(
      cat(
        new Uint8Array([0x0a, 0x02]),
        encode((w) => w.uint32(48).uint32(300)),
      ),
      'truncated varint field 6 in ResourceSpans at byte 3',
    );
  });
});

describe('attributes repeated from span to span', () => {
  it('decode the same each time, and look-alikes (same length, start and end) decode to their own key and value', () => {
    const shared = [kv('gen_ai.provider.name', str('openai')), kv('n', int(7))];
    // Same length, same first and last four bytes: only the middle tells them apart.
    const lookAlikes = [kv('gen_ai.X.model', str('gpt-4o')), kv('gen_ai.Y.model', str('gpt-4o')), kv('gen_ai.Y.model', str('gpt-9o'))];
    const spans = ['0000000000000001', '0000000000000002', '0000000000000003'].map((id, i) =>
      span(id, ...attributesOf(...shared, lookAlikes[i]!)),
    );
    for (let round = 0; round < 2; round++) {
      const decoded = decodeProtobufTraces(request(spans)).spans.map((s) => s.attributes);
      expect(decoded).toEqual([
        { 'gen_ai.provider.name': 'openai', n: 7, 'gen_ai.X.model': 'gpt-4o' },
        { 'gen_ai.provider.name': 'openai', n: 7, 'gen_ai.Y.model': 'gpt-4o' },
        { 'gen_ai.provider.name': 'openai', n: 7, 'gen_ai.Y.model': 'gpt-9o' },
      ]);
    }
  });

  it('never share a bytes, array or map value between spans', () => {
    const mutable = attributesOf(kv('b', len(7, new Uint8Array([1, 2]))), kv('a', arr(str('x'))), kv('m', kvlist(kv('k', str('v')))));
    const body = request([span('0000000000000001', ...mutable), span('0000000000000002', ...mutable)]);
    const [first, second] = decodeProtobufTraces(body).spans.map((s) => s.attributes);
    (first!.b as Uint8Array)[0] = 99;
    (first!.a as string[]).push('y');
    (first!.m as Record<string, string>).k = 'changed';
    expect(second).toEqual({ b: new Uint8Array([1, 2]), a: ['x'], m: { k: 'v' } });
  });
});

describe('decodeProtobufTraces on corrupt bodies', () => {
  const body = ProtobufTraceSerializer.serializeRequest(['a1', 'b2', 'c3'].map((suffix, i) => sdkLikeSpan(`00000000000000${suffix}`, i)))!;

  it('decodes the intact body', () => {
    expect(decodeProtobufTraces(body).spans.map((s) => s.spanId)).toEqual(['00000000000000a1', '00000000000000b2', '00000000000000c3']);
  });

  it('every prefix either decodes the leading spans or throws OtlpDecodeError', () => {
    const full = decodeProtobufTraces(body).spans;
    const decodedCuts: number[] = [];
    for (let cut = 0; cut < body.length; cut++) {
      try {
        const { spans } = decodeProtobufTraces(body.subarray(0, cut));
        expect(spans).toStrictEqual(full.slice(0, spans.length));
        decodedCuts.push(spans.length);
      } catch (error) {
        if (!(error instanceof OtlpDecodeError)) throw error;
      }
    }
    // one ResourceSpans per span (each has its own resource): only cuts between them decode
    expect(decodedCuts).toEqual([0, 1, 2]);
  });

  it('bit flips never raise anything but OtlpDecodeError', () => {
    const outcomes = { decoded: 0, rejectedSpans: 0, corrupt: 0 };
    for (let i = 0; i < body.length; i++) {
      for (const bit of [0, 3, 7]) {
        const flipped = new Uint8Array(body);
        flipped[i]! ^= 1 << bit;
        try {
          const result = decodeProtobufTraces(flipped);
          outcomes.decoded++;
          outcomes.rejectedSpans += result.rejected;
          expect(result.spans.length + result.rejected).toBeLessThanOrEqual(3 + body.length);
        } catch (error) {
          if (!(error instanceof OtlpDecodeError)) throw error;
          outcomes.corrupt++;
        }
      }
    }
    expect(outcomes.decoded + outcomes.corrupt).toBe(body.length * 3);
    expect(outcomes.corrupt).toBeGreaterThan(0);
    expect(outcomes.decoded).toBeGreaterThan(0);
  });
});

function sdkLikeSpan(spanId: string, i: number): ReadableSpan {
  return {
    name: `op-${i}`,
    kind: SpanKind.CLIENT,
    spanContext: () => ({ traceId: TRACE, spanId, traceFlags: TraceFlags.SAMPLED }),
    parentSpanContext: undefined,
    startTime: [1_700_000_000, i],
    endTime: [1_700_000_001, i],
    status: { code: SpanStatusCode.ERROR, message: 'nope' },
    attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 100 + i, list: [1.5, 2.5], on: true },
    links: [],
    events: [{ name: 'e', time: [1_700_000_000, 5], attributes: { k: 'v' } }],
    duration: [1, 0],
    ended: true,
    resource: resourceFromAttributes({ 'service.name': 'svc', tags: ['a', 'b'] }),
    instrumentationScope: { name: 'lib', version: '1' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
