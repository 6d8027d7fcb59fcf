// Hostile OTLP bodies for the fuzz test, all from a seeded random source (the same seed makes the same bytes):
// byte-level mutations of valid protobuf and JSON batches, structural JSON mutations (wrong types, huge, deep, lone
// surrogates), spans with bad usage and timestamps through the official serializers, and extreme bodies by hand.
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs/minimal.js';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, below: number) => Math.floor(random() * below);

/** Truncations, bit flips, random bytes (invalid UTF-8 included), inserted, deleted and repeated ranges, splices. */
export function mutateBytes(random: Random, body: Uint8Array, other: Uint8Array): Uint8Array {
  const out = Buffer.from(body);
  const at = int(random, out.length);
  switch (int(random, 7)) {
    case 0:
      return out.subarray(0, at);
    case 1:
      for (let i = 1 + int(random, 8); i > 0; i--) out[int(random, out.length)]! ^= 1 << int(random, 8);
      return out;
    case 2:
      for (let i = 1 + int(random, 8); i > 0; i--) out[int(random, out.length)] = int(random, 256);
      return out;
    case 3:
      return Buffer.concat([
        out.subarray(0, at),
        Buffer.from(Array.from({ length: 1 + int(random, 32) }, () => int(random, 256))),
        out.subarray(at),
      ]);
    case 4:
      return Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + int(random, 64))]);
    case 5:
      return Buffer.concat([out.subarray(0, at), out.subarray(int(random, out.length)), out.subarray(at)]);
    default:
      return Buffer.concat([out.subarray(0, at), Buffer.from(other).subarray(int(random, other.length))]);
  }
}

const deep = (levels: number): unknown => {
  let value: unknown = { stringValue: 'bottom' };
  for (let i = 0; i < levels; i++) value = { arrayValue: { values: [value] } };
  return value;
};

/** Values of every wrong type and size a field can get. */
function hostileValue(random: Random): unknown {
  return pick(random, [
    () => -1,
    () => 1e308,
    () => -0,
    () => 2 ** 64,
    () => 'NaN',
    () => 'Infinity',
    () => '18446744073709551616',
    () => '-9223372036854775809',
    () => '',
    () => 'x'.repeat(1 + int(random, 1_000_000)),
    () => 'a\ud800b',
    () => '\udfff',
    () => true,
    () => null,
    () => [],
    () => [1, 'two', null],
    () => ({}),
    () => ({ stringValue: 5 }),
    () => ({ intValue: 'abc' }),
    () => ({ intValue: '99999999999999999999' }),
    () => ({ doubleValue: 'NaN' }),
    () => ({ kvlistValue: { values: [{ key: 'k', value: { kvlistValue: {} } }] } }),
    () => deep(1 + int(random, 200)),
    () => ({ bytesValue: '%%%not base64' }),
  ])();
}

/** Replaces one value somewhere in a parsed OTLP/JSON request (any depth) with a hostile one. */
export function mutateJson(random: Random, body: Uint8Array): string {
  const request = JSON.parse(Buffer.from(body).toString()) as unknown;
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) walk(child);
  };
  walk(request);
  for (let edits = 1 + int(random, 3); edits > 0; edits--) {
    const target = pick(random, containers);
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    (target as Record<string, unknown>)[pick(random, keys)] = hostileValue(random);
  }
  return JSON.stringify(request);
}

/** A fixed instant for span times, so that the same seed makes byte-identical bodies on every run. */
const BASE_TIME = Date.UTC(2025, 5, 1);
const hex = (random: Random, bytes: number) => Array.from({ length: bytes }, () => int(random, 256).toString(16).padStart(2, '0')).join('');

/**
 * Batches of four spans each, through the official serializers (both encodings), with seeded ids and fixed times:
 * `valid` GenAI calls with attribution, or `hostile` ones with bad usage, bad timestamps and odd attribution.
 */
export function seededBatches(random: Random, count: number, kind: 'valid' | 'hostile'): Array<{ protobuf: Uint8Array; json: Uint8Array }> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `fuzz-${kind}` }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: { generateTraceId: () => hex(random, 16), generateSpanId: () => hex(random, 8) },
  });
  const tracer = provider.getTracer('fuzz');
  const tokenValues = [-1, NaN, Infinity, 1e13, 0.5, 2 ** 53 + 1, 'abc', '12', '-5', '', true, 1000];
  const times = [new Date(0), new Date('1999-12-31T23:59:59Z'), new Date('2100-01-01'), new Date('2999-01-01'), new Date(BASE_TIME)];
  const out: Array<{ protobuf: Uint8Array; json: Uint8Array }> = [];
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < 4; i++) {
      const attributes: Attributes =
        kind === 'valid'
          ? {
              'gen_ai.provider.name': pick(random, ['openai', 'anthropic']),
              'gen_ai.request.model': pick(random, ['gpt-4o-mini', 'claude-sonnet-4-20250514']),
              'gen_ai.usage.input_tokens': int(random, 5000),
              'gen_ai.usage.output_tokens': int(random, 700),
              'costtrace.feature': pick(random, ['chat', 'search']),
              'costtrace.user_id': `user-${int(random, 100)}`,
              'costtrace.meta.plan': 'pro',
            }
          : {
              'gen_ai.provider.name': pick(random, ['openai', 'anthropic', '', 'a\ud800', 'x'.repeat(int(random, 5000))]),
              'gen_ai.request.model': pick(random, ['gpt-4o-mini', '', 'm\udfff', 'x'.repeat(int(random, 5000))]),
              'gen_ai.usage.input_tokens': pick(random, tokenValues) as number,
              'gen_ai.usage.output_tokens': pick(random, tokenValues) as number,
              'costtrace.cost_usd': pick(random, [-1, NaN, 1e300, '0.1', '1e-7', 'abc', 0.000001]) as number,
              'costtrace.units.credits': pick(random, [-3, NaN, Infinity, 4, '7', 'x']) as number,
              'costtrace.feature': pick(random, ['chat', '', 'f\ud800', 'y'.repeat(int(random, 100_000))]),
              [`costtrace.meta.${pick(random, ['k', '', '\udc00', 'z'.repeat(300)])}`]: pick(random, ['v', 'w'.repeat(5000), '\ud800']),
            };
      const startTime = kind === 'valid' ? new Date(BASE_TIME + b * 4 + i) : pick(random, times);
      const span = tracer.startSpan('chat', { kind: SpanKind.CLIENT, attributes, startTime });
      span.end(new Date(startTime.getTime() + int(random, 10_000)));
    }
    const spans = exporter.getFinishedSpans();
    out.push({ protobuf: ProtobufTraceSerializer.serializeRequest(spans)!, json: JsonTraceSerializer.serializeRequest(spans)! });
    exporter.reset();
  }
  return out;
}

// Hand-encoded protobuf pieces (field tags from opentelemetry-proto, see collector/src/receiver/otlp-proto-fields.ts).
const field = (tag: number, bytes: Uint8Array) => protobuf.Writer.create().uint32(tag).bytes(bytes).finish();
const kv = (key: string, value: Uint8Array) => protobuf.Writer.create().uint32(0x0a).string(key).uint32(0x12).bytes(value).finish();
const str = (s: string) => protobuf.Writer.create().uint32(0x0a).string(s).finish();
const num = (n: number) => protobuf.Writer.create().uint32(0x18).int64(n).finish();
/** A Span's trace_id and span_id fields, for more fields to follow. */
const spanIds = (traceId: string, spanId: string) =>
  protobuf.Writer.create().uint32(0x0a).bytes(Buffer.from(traceId, 'hex')).uint32(0x12).bytes(Buffer.from(spanId, 'hex'));
/** An ExportTraceServiceRequest holding one span under a resource named `service`. */
const exportRequest = (span: Uint8Array, service: string) =>
  field(0x0a, Buffer.concat([field(0x0a, field(0x0a, kv('service.name', str(service)))), field(0x12, field(0x12, span))]));

/** One GenAI span with a million extra attributes: about 12 MB of protobuf, under the 16 MiB body cap. */
export function millionAttributes(traceId: string, spanId: string): Uint8Array {
  const COUNT = 1_000_000;
  const head = spanIds(traceId, spanId)
    .uint32(0x2a)
    .string('chat')
    .uint32(0x30)
    .int32(3)
    .uint32(0x39)
    .fixed64(String(BigInt(Date.now()) * 1_000_000n))
    .uint32(0x41)
    .fixed64(String(BigInt(Date.now() + 5) * 1_000_000n));
  for (const [key, value] of [
    ['gen_ai.provider.name', str('openai')],
    ['gen_ai.request.model', str('gpt-4o-mini')],
    ['gen_ai.usage.input_tokens', num(1000)],
    ['gen_ai.usage.output_tokens', num(500)],
    ['costtrace.feature', str('million')],
  ] as const) {
    head.uint32(0x4a).bytes(kv(key, value));
  }
  // KeyValue { key = base-36 index, value = AnyValue { int_value = index % 100 } }, written straight into one buffer.
  const attrs = Buffer.alloc(COUNT * 12);
  let at = 0;
  for (let i = 0; i < COUNT; i++) {
    const key = i.toString(36);
    attrs[at++] = 0x4a;
    attrs[at++] = 2 + key.length + 4;
    attrs[at++] = 0x0a;
    attrs[at++] = key.length;
    at += attrs.write(key, at, 'latin1');
    attrs[at++] = 0x12;
    attrs[at++] = 2;
    attrs[at++] = 0x18;
    attrs[at++] = i % 100;
  }
  return exportRequest(Buffer.concat([head.finish(), attrs.subarray(0, at)]), 'fuzz-million');
}

/** The same huge attribute list as OTLP/JSON: far over the 16 MiB body cap. */
export function millionAttributesJson(): string {
  const attributes = Array.from({ length: 1_000_000 }, (_, i) => `{"key":"${i.toString(36)}","value":{"intValue":${i % 100}}}`);
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","attributes":[${attributes.join(',')}]}]}]}]}`;
}

/** An AnyValue nested `levels` deep, as protobuf (length prefixes all consistent) inside one span attribute. */
export function deepProtobuf(traceId: string, spanId: string, levels: number): Uint8Array {
  let value: Uint8Array = str('bottom');
  for (let i = 0; i < levels; i++) value = field(0x2a, field(0x0a, value));
  return exportRequest(spanIds(traceId, spanId).uint32(0x4a).bytes(kv('deep', value)).finish(), 'fuzz-deep');
}
