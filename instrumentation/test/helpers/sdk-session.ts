// Starts costtrace for one test file with a recording exporter, and collects the spans a piece of code produced.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { flush, init, shutdown } from '@costtrace/sdk';
import type { CostTraceOptions } from '@costtrace/sdk';
import { RecordingExporter } from './recording-exporter.js';

export interface SdkSession {
  exporter: RecordingExporter;
  /** Runs `fn`, flushes, and returns its result with the usage spans exported meanwhile. */
  capture<T>(fn: () => Promise<T>): Promise<{ result: T; spans: ReadableSpan[] }>;
  stop(): Promise<void>;
}

export function startSession(options: CostTraceOptions = {}): SdkSession {
  const exporter = new RecordingExporter();
  init({ app: 'test-app', exporter, scheduledDelayMillis: 5, ...options });
  return {
    exporter,
    async capture(fn) {
      const before = exporter.spans.length;
      const result = await fn();
      // Spans end when the body has been read, which may be a tick after the app's last await.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await flush();
      return { result, spans: exporter.since(before) };
    },
    stop: () => shutdown(),
  };
}

/** The attributes of the only span, failing loudly when there is not exactly one. */
export function only(spans: ReadableSpan[]): ReadableSpan {
  if (spans.length !== 1) throw new Error(`expected 1 span, got ${spans.length}: ${spans.map((s) => s.name).join(', ')}`);
  return spans[0]!;
}
