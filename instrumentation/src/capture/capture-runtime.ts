// What both transports ask before and while a request goes out: leave it alone, add attribution baggage (internal
// hosts only), or capture it as a provider call (plan, rewrite, start the span in the caller's context).
import { context, SpanKind, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { attributionAttributes, getAttribution } from '../attribution.js';
import { encodeBaggage, isInternalHost } from '../baggage.js';
import type { ResolvedConfig } from '../internal-types.js';
import type { ProviderRegistry } from '../providers/index.js';
import type { ProviderRequest } from '../providers/provider-types.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../semconv.js';
import { guardHook, type StatsCounters } from '../stats.js';
import type { CostTraceOptions } from '../types.js';
import { OnceSet } from './once-set.js';
import { ProviderCall } from './provider-call.js';
import { rewriteRequestBody } from './request-rewrite.js';

/** The first, synchronous look at a request. */
export interface Inspection {
  /** `baggage` header value to add (internal hosts only). */
  baggage?: string;
  /** The URL may belong to a known provider: read the body (if JSON) and call `start`, which decides. */
  provider: boolean;
}

/** A started provider call and what to send instead of the app's request. */
export interface StartedCall {
  call: ProviderCall;
  /** Replacement body text; undefined = the app's bytes. */
  body?: string;
  /** Ask for an uncompressed response because costtrace must filter the stream. */
  identityEncoding: boolean;
}

export class CaptureRuntime {
  readonly once = new OnceSet();

  constructor(
    readonly registry: ProviderRegistry,
    private readonly tracer: () => Tracer,
    readonly config: ResolvedConfig,
    readonly options: Pick<CostTraceOptions, 'ignoreRequestHook' | 'spanHook'>,
    readonly stats: StatsCounters,
  ) {}

  /**
   * Never throws; undefined = pass the request through untouched.
   * @param planNow ask the registry now; false when the caller will read the body and call `start` anyway, so a
   *   provider call is planned once, with its body
   */
  inspect(url: URL, method: string, headers: Record<string, string>, planNow = true): Inspection | undefined {
    try {
      // The exporter sends with tracing suppressed; the URL check also covers exporters that don't.
      if (isTracingSuppressed(context.active()) || url.href.startsWith(this.config.tracesUrl)) return undefined;
      const hook = this.options.ignoreRequestHook;
      if (hook && guardHook(this.stats, false, () => hook({ url, method }))) return undefined;
      const inspection: Inspection = { provider: false };
      if (isInternalHost(url, this.config.internalHosts)) {
        const attribution = getAttribution();
        const baggage = attribution && encodeBaggage(attribution);
        if (baggage !== undefined) inspection.baggage = baggage;
      } else {
        inspection.provider = !planNow || this.registry.plan({ url, method, headers }) !== undefined;
      }
      return inspection.provider || inspection.baggage !== undefined ? inspection : undefined;
    } catch {
      this.stats.captureErrors++;
      return undefined;
    }
  }

  /** Plans a provider call with its body and starts its span in the active context. Never throws. */
  start(request: ProviderRequest): StartedCall | undefined {
    try {
      const plan = this.registry.plan(request);
      if (!plan || !plan.billable) return undefined;
      const attribution = getAttribution();
      const userId = this.config.sendUserToProvider ? attribution?.userId : undefined;
      const body = rewriteRequestBody(plan, request.bodyText, userId);
      const port = request.url.port !== '' ? Number(request.url.port) : request.url.protocol === 'https:' ? 443 : 80;
      const span = this.tracer().startSpan(
        plan.requestModel !== undefined ? `${plan.operation} ${plan.requestModel}` : plan.operation,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR_GEN_AI_PROVIDER_NAME]: plan.provider,
            [ATTR_GEN_AI_OPERATION_NAME]: plan.operation,
            ...(plan.requestModel !== undefined && { [ATTR_GEN_AI_REQUEST_MODEL]: plan.requestModel }),
            [ATTR_SERVER_ADDRESS]: request.url.hostname,
            [ATTR_SERVER_PORT]: port,
            ...attributionAttributes(attribution),
          },
        },
        context.active(),
      );
      return {
        call: new ProviderCall(this, plan, request.url, span),
        ...(body !== undefined && { body }),
        identityEncoding: plan.stripInjectedUsageChunk,
      };
    } catch {
      this.stats.captureErrors++;
      return undefined;
    }
  }
}
