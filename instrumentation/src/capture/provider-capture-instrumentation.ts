// The one OTel instrumentation costtrace installs: provider calls over fetch (undici global dispatcher) and over
// node:http(s), turned into GenAI CLIENT spans by the CaptureRuntime. Contrib-style: enable()/disable() own the
// hooks; no module patching through require hooks, so clients built before init() are captured too.
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../internal-types.js';
import type { ProviderRegistry } from '../providers/index.js';
import { COSTTRACE_SCOPE_NAME, COSTTRACE_SCOPE_VERSION } from '../semconv.js';
import type { StatsCounters } from '../stats.js';
import type { CostTraceOptions } from '../types.js';
import { CaptureRuntime } from './capture-runtime.js';
import { installHttpClientCapture } from './http-client-capture.js';
import { installUndiciInterceptor } from './undici-interceptor.js';

export interface ProviderCaptureConfig extends InstrumentationConfig {
  registry: ProviderRegistry;
  resolved: ResolvedConfig;
  hooks: Pick<CostTraceOptions, 'ignoreRequestHook' | 'spanHook'>;
  stats: StatsCounters;
}

export class ProviderCaptureInstrumentation extends InstrumentationBase<ProviderCaptureConfig> {
  private uninstallers: Array<() => void> = [];
  private runtime: CaptureRuntime | undefined;

  constructor(config: ProviderCaptureConfig) {
    // Enabled explicitly by init() once the tracer provider is known.
    super(COSTTRACE_SCOPE_NAME, COSTTRACE_SCOPE_VERSION, { ...config, enabled: false });
  }

  protected override init(): undefined {
    return undefined;
  }

  override enable(): void {
    if (!this.uninstallers || this.uninstallers.length > 0) return;
    const { registry, resolved, hooks, stats } = this.getConfig();
    const runtime = new CaptureRuntime(registry, () => this.tracer, resolved, hooks, stats);
    this.runtime = runtime;
    this.uninstallers = [installUndiciInterceptor(runtime), installHttpClientCapture(runtime)];
  }

  /** Records now every call that has ended but whose span is still waiting in the background queue. */
  drain(): void {
    this.runtime?.background.drain();
  }

  override disable(): void {
    for (const uninstall of this.uninstallers ?? []) uninstall();
    this.uninstallers = [];
  }
}
