// Micro benchmark of the OTLP trace decoders: a realistic 512-span GenAI batch, serialized by the official
// OpenTelemetry JS serializers, decoded over and over. Run after `npx tsc -b`: node bench/otlp-decode.js

import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { gzipSync } from 'node:zlib';
import { decodeJsonTraces } from '../collector/dist/receiver/otlp-json-decoder.js';
import { decodeProtobufTraces } from '../collector/dist/receiver/otlp-protobuf-decoder.js';

const BATCH = 512;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** 512 `chat {model}` CLIENT spans with the attributes our SDK and GenAI semconv instrumentations send. */
function realisticBatch() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'support-bot',
      'service.version': '2.14.1',
      'deployment.environment.name': 'production',
      'host.name': 'support-bot-7d9f8c6b5-x2x4q',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.12.0',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@costtrace/sdk', '0.1.0');
  const models = ['gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4-5', 'gemini-2.5-flash'];
  const features = ['support-chat', 'summarize-ticket', 'draft-reply', 'classify-intent'];
  for (let i = 0; i < BATCH; i++) {
    const model = models[i % models.length];
    const span = tracer.startSpan(`chat ${model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': i % 4 === 2 ? 'anthropic' : 'openai',
        'gen_ai.request.model': model,
        'gen_ai.response.model': `${model}-2025-04-14`,
        'gen_ai.response.id': `chatcmpl-${(1e15 + i * 7919).toString(36)}${i}`,
        'gen_ai.request.temperature': 0.7,
        'gen_ai.usage.input_tokens': 1200 + i,
        'gen_ai.usage.output_tokens': 300 + (i % 97),
        'gen_ai.usage.cache_read.input_tokens': i % 3 === 0 ? 1024 : 0,
        'gen_ai.response.finish_reasons': ['stop'],
        'server.address': 'api.openai.com',
        'costtrace.feature': features[i % features.length],
        'costtrace.user_id': `user_${1000 + (i % 137)}`,
        'costtrace.org_id': `org_${i % 11}`,
        'costtrace.meta.plan': i % 5 === 0 ? 'enterprise' : 'pro',
      },
    });
    span.setStatus({ code: i % 50 === 0 ? SpanStatusCode.ERROR : SpanStatusCode.OK });
    span.end();
  }
  return exporter.getFinishedSpans();
}

/** Decodes `bytes` repeatedly for SECONDS; `decode` returns how many spans it produced. */
function measure(label, bytes, decode) {
  const decoded = decode(bytes);
  if (decoded !== BATCH) throw new Error(`${label}: decoded ${decoded} spans`);
  for (let i = 0; i < 200; i++) decode(bytes); // warm up the JIT
  let runs = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(SECONDS * 1e9);
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 20; i++) decode(bytes);
    runs += 20;
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - start) / 1e9;
  const spansPerSecond = Math.round((runs * BATCH) / seconds);
  const msPerBatch = ((seconds / runs) * 1000).toFixed(2);
  console.log(
    `${label.padEnd(10)} ${(bytes.length / 1024).toFixed(0).padStart(4)} KB (${(gzipSync(bytes).length / 1024).toFixed(0)} KB gz)` +
      `  ${msPerBatch} ms/batch  ${spansPerSecond.toLocaleString('en-US')} spans/s`,
  );
  return spansPerSecond;
}

const spans = realisticBatch();
const protobufBody = ProtobufTraceSerializer.serializeRequest(spans);
const jsonBody = JsonTraceSerializer.serializeRequest(spans);
console.log(`OTLP trace decode, ${BATCH}-span GenAI batch, ${SECONDS}s each, node ${process.version}`);
measure('protobuf', protobufBody, (body) => decodeProtobufTraces(body).spans.length);
measure('json', jsonBody, (body) => decodeJsonTraces(body).spans.length);
// The ceiling for any OTLP/JSON decoder: bytes → string → JSON.parse, with no walk at all.
measure('JSON.parse', jsonBody, (body) => JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString()) && BATCH);
