// The official OTel JS SDK wired to the collector through either official OTLP/HTTP exporter.
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { SpanKind, type Attributes } from '@opentelemetry/api';

export type ExporterKind = 'json' | 'protobuf';

export function otelProvider(kind: ExporterKind, collectorUrl: string, serviceName: string) {
  const options = { url: `${collectorUrl}/v1/traces` };
  const exporter = kind === 'json' ? new JsonExporter(options) : new ProtoExporter(options);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('costtrace-test');
  return {
    provider,
    /** Records one finished GenAI client span with the given attributes. */
    span(name: string, attributes: Attributes, startTime = new Date()) {
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime });
      span.end(new Date(startTime.getTime() + 1234));
      return span.spanContext();
    },
  };
}
