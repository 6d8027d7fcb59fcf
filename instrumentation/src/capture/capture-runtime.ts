// What both transports ask before and while a request goes out: leave it alone, add attribution baggage (internal
// hosts only), or capture it as a provider call. A request to any other origin costs one cached lookup. A provider
// call's body is planned before sending only when costtrace may change it (include_usage on a stream, a hashed
// user id); everything else is planned after the call, in the background queue.
import { context, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { getAttribution } from '../attribution.js';
import { encodeBaggage, isInternalHost } from '../baggage.js';
import type { ResolvedConfig } from '../internal-types.js';
import { asBuffer, findBytes, textOf } from '../providers/byte-text.js';
import type { ProviderRegistry } from '../providers/index.js';
import type { ProviderCallPlan } from '../providers/provider-types.js';
import { guardHook, type StatsCounters } from '../stats.js';
import type { CostTraceOptions } from '../types.js';
import { BackgroundQueue } from './background-queue.js';
import { OnceSet } from './once-set.js';
import { ProviderCall } from './provider-call.js';
import { rewriteRequestBody } from './request-rewrite.js';

/** Only a body holding this key can ask for a stream, and so need include_usage. */
const STREAM_KEY = Buffer.from('"stream"');
/** Origins remembered; beyond this the cache starts over, so an app calling unbounded hosts stays bounded. */
const MAX_ORIGINS = 1024;

/** The first, synchronous look at a request to a watched origin. */
export interface Inspection {
  /** `baggage` header value to add (internal hosts only). */
  baggage?: string;
  /** A billable provider call, planned from its URL: read its body if it is JSON, then `start` it. */
  plan?: ProviderCallPlan;
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
  readonly background = new BackgroundQueue();
  private readonly origins = new Map<string, boolean>();

  constructor(
    readonly registry: ProviderRegistry,
    /** Read per call so that setTracerProvider() after enable() still takes effect. */
    readonly tracer: () => Tracer,
    readonly config: ResolvedConfig,
    readonly options: Pick<CostTraceOptions, 'ignoreRequestHook' | 'spanHook'>,
    readonly stats: StatsCounters,
  ) {}

  /** Whether requests to `origin` (`scheme://host[:port]`) can be provider calls or take baggage. Never throws. */
  watches(origin: string): boolean {
    let watched = this.origins.get(origin);
    if (watched === undefined) {
      try {
        const url = new URL(origin);
        watched = this.registry.knowsOrigin(url) || isInternalHost(url, this.config.internalHosts);
      } catch {
        watched = false;
      }
      if (this.origins.size >= MAX_ORIGINS) this.origins.clear();
      this.origins.set(origin, watched);
    }
    return watched;
  }

  /** Never throws; undefined = pass the request through untouched. */
  inspect(url: URL, method: string): Inspection | undefined {
    try {
      if (!this.watches(url.origin)) return undefined;
      // The exporter sends with tracing suppressed; the URL check also covers exporters that don't.
      if (isTracingSuppressed(context.active()) || url.href.startsWith(this.config.tracesUrl)) return undefined;
      const hook = this.options.ignoreRequestHook;
      if (hook && guardHook(this.stats, false, () => hook({ url, method }))) return undefined;
      if (isInternalHost(url, this.config.internalHosts)) {
        const attribution = getAttribution();
        const baggage = attribution && encodeBaggage(attribution);
        return baggage !== undefined ? { baggage } : undefined;
      }
      const plan = this.registry.plan({ url, method });
      return plan?.billable ? { plan } : undefined;
    } catch {
      this.stats.captureErrors++;
      return undefined;
    }
  }

  /**
   * Begins a provider call in the caller's context, planning it with its body now only if costtrace may change
   * that body. Never throws.
   * @param plan the inspection's plan
   * @param body the app's JSON/text body, when it could be read
   */
  start(plan: ProviderCallPlan, url: URL, method: string, body: Uint8Array | undefined): StartedCall | undefined {
    try {
      const parent = context.active();
      const userId = this.config.sendUserToProvider ? getAttribution(parent)?.userId : undefined;
      let planned: ProviderCallPlan | undefined;
      let rewritten: string | undefined;
      if (body !== undefined && ((plan.injectable && findBytes(asBuffer(body), STREAM_KEY) !== -1) || userId !== undefined)) {
        const bodyText = textOf(body);
        planned = this.registry.plan({ url, method, bodyText });
        if (!planned?.billable) return undefined;
        rewritten = rewriteRequestBody(planned, bodyText, userId);
      }
      const call = new ProviderCall(this, { url, method, ...(body !== undefined && { body }) }, planned, parent, performance.now());
      return {
        call,
        ...(rewritten !== undefined && { body: rewritten }),
        identityEncoding: planned?.stripInjectedUsageChunk ?? false,
      };
    } catch {
      this.stats.captureErrors++;
      return undefined;
    }
  }
}
