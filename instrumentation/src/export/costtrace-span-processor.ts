// The span processor costtrace adds (to the app's tracer provider or its own): stamps the active attribution on
// every span started in a scope, and hands only costtrace's usage spans to a bounded batch export whose drops and
// failures are counted. Export runs with tracing suppressed (BatchSpanProcessor), so it is never captured itself.
import type { Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { attributionAttributes, getAttribution } from '../attribution.js';
import type { ResolvedConfig } from '../internal-types.js';
import { ATTR_COSTTRACE_BILLABLE, ATTR_GEN_AI_PROVIDER_NAME, COSTTRACE_SCOPE_NAME } from '../semconv.js';
import type { StatsCounters } from '../stats.js';

/** Counts what the wrapped exporter accepted and what failed (errors and timeouts). */
export class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly stats: StatsCounters,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      this.inner.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) this.stats.spansExported += spans.length;
        else this.stats.spansFailed += spans.length;
        done(result);
      });
    } catch (error) {
      this.stats.spansFailed += spans.length;
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export class CostTraceSpanProcessor implements SpanProcessor {
  private readonly batch: BatchSpanProcessor;

  constructor(
    exporter: SpanExporter,
    private readonly config: ResolvedConfig,
    private readonly stats: StatsCounters,
  ) {
    this.batch = new BatchSpanProcessor(new CountingExporter(exporter, stats), {
      maxQueueSize: config.maxQueueSize,
      maxExportBatchSize: Math.min(512, config.maxQueueSize),
      scheduledDelayMillis: config.scheduledDelayMillis,
      // The OTLP exporter gives up at exportTimeoutMillis and reports the failure, which is counted; the batch
      // processor's own deadline comes later so that report is not lost.
      exportTimeoutMillis: config.exportTimeoutMillis + 500,
    });
  }

  onStart(span: Span, parentContext: Context): void {
    // costtrace's own spans carry their attribution already; other spans in a scope get it too.
    if (span.instrumentationScope.name === COSTTRACE_SCOPE_NAME) return;
    const attribution = getAttribution(parentContext);
    if (attribution) span.setAttributes(attributionAttributes(attribution));
  }

  onEnd(span: ReadableSpan): void {
    if (!isUsageSpan(span)) return;
    // BatchSpanProcessor drops silently when its queue is full (its own counter resets): count it here.
    const queued = (this.batch as unknown as { _finishedSpans?: unknown[] })._finishedSpans?.length ?? 0;
    if (queued >= this.config.maxQueueSize) this.stats.spansDropped++;
    this.batch.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.batch.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.batch.shutdown();
  }
}

/** Spans the collector prices: costtrace's provider and manual-usage spans, except repeated observations. */
export function isUsageSpan(span: ReadableSpan): boolean {
  return (
    span.instrumentationScope.name === COSTTRACE_SCOPE_NAME &&
    span.attributes[ATTR_GEN_AI_PROVIDER_NAME] !== undefined &&
    span.attributes[ATTR_COSTTRACE_BILLABLE] !== false
  );
}
