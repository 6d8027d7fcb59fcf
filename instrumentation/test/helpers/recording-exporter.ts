// An exporter that keeps every span it is given, across flushes and shutdowns, for assertions.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export class RecordingExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  }

  /** Spans recorded since the given count, e.g. `exporter.since(before)`. */
  since(count: number): ReadableSpan[] {
    return this.spans.slice(count);
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
