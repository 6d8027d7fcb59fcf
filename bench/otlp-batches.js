// Realistic OTLP trace batches for benchmarks, serialized by the official OTel JS serializer: GenAI chat spans with
// attribution, the shape the costtrace SDK and OpenLLMetry send.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ProtobufTraceSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpanKind } from '@opentelemetry/api';

const MODELS = [
  ['openai', 'gpt-4o-mini'],
  ['openai', 'gpt-4o'],
  ['anthropic', 'claude-sonnet-4-20250514'],
  ['gcp.gemini', 'gemini-2.5-flash'],
];
const FEATURES = ['chat', 'search', 'summarize', 'ai-search', 'rank-refresh'];

/** Returns `count` distinct batches of `size` spans each, encoded as protobuf (default) or JSON. */
export function makeBatches(count, size = 512, encoding = 'protobuf') {
  const serializer = encoding === 'json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  return makeSpanBatches(count, size).map((spans) => serializer.serializeRequest(spans));
}

/** The same batches as finished OTel spans, for encoding one batch more than one way. */
export function makeSpanBatches(count, size = 512) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-app', 'service.version': '1.4.2', 'deployment.environment': 'prod' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@costtrace/sdk', '0.1.0');
  const batches = [];
  const start = Date.now() - 3_600_000;
  let n = 0;
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < size; i++, n++) {
      const [provider, model] = MODELS[n % MODELS.length];
      const input = 200 + (n % 5000);
      const span = tracer.startSpan(`chat ${model}`, {
        kind: SpanKind.CLIENT,
        startTime: new Date(start + n),
        attributes: {
          'gen_ai.provider.name': provider,
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': model,
          'gen_ai.response.model': model,
          'gen_ai.response.id': `chatcmpl-${n}`,
          'gen_ai.usage.input_tokens': input,
          'gen_ai.usage.output_tokens': 50 + (n % 700),
          'gen_ai.usage.cache_read.input_tokens': n % 3 === 0 ? Math.floor(input / 2) : 0,
          'server.address': 'api.openai.com',
          'http.response.status_code': 200,
          'costtrace.feature': FEATURES[n % FEATURES.length],
          'costtrace.user_id': `user-${n % 1000}`,
          'costtrace.org_id': `org-${n % 50}`,
          'costtrace.meta.plan': n % 2 ? 'pro' : 'free',
          'costtrace.meta.region': 'eu-west-1',
        },
      });
      span.end(new Date(start + n + 850));
    }
    batches.push([...exporter.getFinishedSpans()]);
    exporter.reset();
  }
  return batches;
}
