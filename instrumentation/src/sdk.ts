// init(), shutdown() and getStats(): wires the span processor, the exporter and the provider capture into the
// app's own OTel tracer provider when it has one, else into a private provider that never replaces globals.
import { context, trace, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ProviderCaptureInstrumentation } from './capture/provider-capture-instrumentation.js';
import { resolveConfig } from './config.js';
import { CostTraceSpanProcessor } from './export/costtrace-span-processor.js';
import { LazyAsyncLocalStorageContextManager } from './lazy-context-manager.js';
import { createProviderRegistry, type ProviderRegistry } from './providers/index.js';
import { COSTTRACE_SCOPE_NAME, COSTTRACE_SCOPE_VERSION } from './semconv.js';
import { activeStats, resetStats } from './stats.js';
import { setCosttraceTracer } from './tracer.js';
import type { CostTraceOptions, CostTraceStats } from './types.js';

interface Running {
  processor: CostTraceSpanProcessor;
  instrumentation: ProviderCaptureInstrumentation;
  /** Our private provider, when the app had none we could join. */
  ownProvider?: NodeTracerProvider;
  ownContextManager?: LazyAsyncLocalStorageContextManager;
  /** The app's processor list we joined, to leave it again on shutdown. */
  joined?: SpanProcessor[];
}

let running: Running | undefined;

/**
 * Starts costtrace: provider calls are captured and exported to the collector. Idempotent: later calls return at
 * once. With the app's own OTel SDK already registered, costtrace adds its span processor to that tracer provider
 * (spans appear in the app's traces too) and replaces no global; otherwise it uses a private tracer provider and
 * registers only a context manager if none exists.
 * @example init({ app: 'my-app', providers: { openai: ['https://gateway.example/v1'] } });
 */
export function init(options: CostTraceOptions = {}): void {
  if (running) return;
  const stats = resetStats();
  const config = resolveConfig(options, process.env);
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({
      url: config.tracesUrl,
      timeoutMillis: config.exportTimeoutMillis,
      ...(config.apiKey !== undefined && { headers: { authorization: `Bearer ${config.apiKey}` } }),
    });
  const processor = new CostTraceSpanProcessor(exporter, config, stats);
  const state: Running = {
    processor,
    instrumentation: new ProviderCaptureInstrumentation({
      registry: registryFor(config.providers),
      resolved: config,
      hooks: {
        ...(options.ignoreRequestHook && { ignoreRequestHook: options.ignoreRequestHook }),
        ...(options.spanHook && { spanHook: options.spanHook }),
      },
      stats,
    }),
  };

  let tracerProvider: TracerProvider;
  const appProcessors = sdkProcessorList(trace.getTracerProvider());
  if (appProcessors) {
    appProcessors.push(processor);
    state.joined = appProcessors;
    tracerProvider = trace.getTracerProvider();
  } else {
    state.ownProvider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.app }),
      spanProcessors: [processor],
    });
    tracerProvider = state.ownProvider;
    const manager = new LazyAsyncLocalStorageContextManager();
    if (context.setGlobalContextManager(manager.enable())) state.ownContextManager = manager;
    else manager.disable();
  }
  setCosttraceTracer(tracerProvider.getTracer(COSTTRACE_SCOPE_NAME, COSTTRACE_SCOPE_VERSION));
  state.instrumentation.setTracerProvider(tracerProvider);
  state.instrumentation.enable();
  // A script or CLI that simply ends still exports what it captured: beforeExit allows async work and fires again
  // once that work is done, when the (now empty) flush schedules nothing more.
  process.on('beforeExit', flushBeforeExit);
  running = state;
}

function flushBeforeExit(): void {
  void flush();
}

/** Stops capturing and flushes every captured span (bounded by the export timeout). Never rejects; safe to call twice. */
export async function shutdown(): Promise<void> {
  const state = running;
  if (!state) return;
  running = undefined;
  process.removeListener('beforeExit', flushBeforeExit);
  state.instrumentation.disable();
  state.instrumentation.drain();
  setCosttraceTracer(undefined);
  if (state.joined) {
    const index = state.joined.indexOf(state.processor);
    if (index >= 0) state.joined.splice(index, 1);
  }
  try {
    await state.processor.shutdown();
    await state.ownProvider?.shutdown();
  } catch {
    // A collector that is down or hangs: the spans are already counted as failed; the app's shutdown goes on.
  } finally {
    if (state.ownContextManager) context.disable();
  }
}

/** Exports every span captured so far (e.g. at the end of a serverless invocation), bounded by the export timeout.
 * Never rejects: failures are counted in getStats(). */
export async function flush(): Promise<void> {
  running?.instrumentation.drain();
  await running?.processor.forceFlush().catch(() => undefined);
}

/** Export and capture health counters since the last init(). */
export function getStats(): CostTraceStats {
  return { ...activeStats() };
}

/** A bad provider URL mapping is reported once and left out: init() must never take the app down. */
function registryFor(urls: Record<string, string[]>): ProviderRegistry {
  try {
    return createProviderRegistry({ urls });
  } catch (error) {
    console.warn(`costtrace: ignoring the provider URL mapping: ${error instanceof Error ? error.message : String(error)}`);
    return createProviderRegistry();
  }
}

/** The live processor list of an OTel JS SDK tracer provider (1.x and 2.x keep it here), else undefined. */
function sdkProcessorList(provider: TracerProvider): SpanProcessor[] | undefined {
  const delegate = (provider as { getDelegate?: () => TracerProvider }).getDelegate?.() ?? provider;
  const list = (delegate as { _activeSpanProcessor?: { _spanProcessors?: unknown } })._activeSpanProcessor?._spanProcessors;
  return Array.isArray(list) ? (list as SpanProcessor[]) : undefined;
}
