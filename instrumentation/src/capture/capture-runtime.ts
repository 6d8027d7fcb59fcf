// What both transports ask before and while a request goes out: leave it alone, add attribution baggage (internal
// hosts only), or capture it as a provider call. A request to any other origin costs one cached lookup. A provider
// call's body is planned before sending only when costtrace may change it (include_usage on a stream, a hashed
// user id); everything else is planned after the call, in the background queue.
import { context, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { getAttribution } from '../attribution.js';
import { encodeBaggage, isInternalHost } from '../baggage.js';
import type { ResolvedConfig } from '../internal-types.js';
import { textOf } from '../providers/byte-text.js';
import type { ProviderRegistry } from '../providers/index.js';
import type { ProviderCallPlan } from '../providers/provider-types.js';
import { guardHook, type StatsCounters } from '../stats.js';
import type { CostTraceOptions } from '../types.js';
import { BackgroundQueue } from './background-queue.js';
import { OnceSet } from './once-set.js';
import { ProviderCall, type ServerAddress } from './provider-call.js';
import { rewriteRequestBody } from './request-rewrite.js';

/** Origins and request targets remembered; beyond this a cache starts over, so unbounded hosts or ids stay bounded. */
const MAX_CACHED = 1024;

/** What a request target (method, origin, path) is, whoever sends it: it depends on nothing else. */
interface Target {
  /** An internal host: it receives attribution as baggage. */
  internal: boolean;
  call?: PlannedTarget;
}

/** A billable provider call, planned from its URL (no body), with the server facts its span reports. */
export interface PlannedTarget {
  plan: ProviderCallPlan;
  server: ServerAddress;
}

/** The first, synchronous look at a request to a watched origin. */
export interface Inspection {
  /** `baggage` header value to add (internal hosts only). */
  baggage?: string;
  /** A provider call: read its body if it is JSON, then `start` it. */
  call?: PlannedTarget;
}

/** A started provider call and what to send instead of the app's request. */
export interface StartedCall {
  call: ProviderCall;
  /** Replacement body; undefined = the app's bytes. */
  body?: Uint8Array;
  /** Ask for an uncompressed response because costtrace must filter the stream. */
  identityEncoding: boolean;
}

export class CaptureRuntime {
  readonly once = new OnceSet();
  readonly background = new BackgroundQueue();
  private readonly origins = new Map<string, boolean>();
  /** By `method origin path`: apps call the same few endpoints again and again. */
  private readonly targets = new Map<string, Target | null>();

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
    return remember(this.origins, origin, () => {
      try {
        const url = new URL(origin);
        return this.registry.knowsOrigin(url) || isInternalHost(url, this.config.internalHosts);
      } catch {
        return false;
      }
    });
  }

  /**
   * Never throws; undefined = pass the request through untouched.
   * @param origin `scheme://host[:port]`
   * @param path path and query
   */
  inspect(origin: string, path: string, method: string): Inspection | undefined {
    try {
      // The exporter sends with tracing suppressed; its URL is also excluded below, for exporters that don't.
      if (!this.watches(origin) || isTracingSuppressed(context.active())) return undefined;
      const target = remember(this.targets, `${method} ${origin}${path}`, () => this.classify(origin, path, method));
      if (!target) return undefined;
      const hook = this.options.ignoreRequestHook;
      if (hook && guardHook(this.stats, false, () => hook({ url: new URL(path, origin), method }))) return undefined;
      if (!target.internal) return target.call && { call: target.call };
      const attribution = getAttribution();
      const baggage = attribution && encodeBaggage(attribution);
      return baggage !== undefined ? { baggage } : undefined;
    } catch {
      this.stats.captureErrors++;
      return undefined;
    }
  }

  /**
   * Begins a provider call in the caller's context, planning it with its body now only if costtrace may change
   * that body. Never throws.
   * @param target the inspection's call
   * @param body the app's JSON/text body, when it could be read
   */
  start(target: PlannedTarget, origin: string, path: string, method: string, body: Uint8Array | undefined): StartedCall | undefined {
    try {
      const parent = context.active();
      const userId = this.config.sendUserToProvider ? getAttribution(parent)?.userId : undefined;
      let urlPlan = target.plan;
      let planned: ProviderCallPlan | undefined;
      let rewritten: Uint8Array | undefined;
      if (body !== undefined && userId !== undefined) {
        const bodyText = textOf(body);
        planned = this.registry.withBody(urlPlan, bodyText);
        const text = rewriteRequestBody(planned, bodyText, userId);
        if (text !== undefined) rewritten = Buffer.from(text, 'utf8');
      } else if (body !== undefined && urlPlan.injectable) {
        // Only include_usage can change: decided on the bytes; the rest of the plan waits for the background.
        const injected = this.registry.withIncludeUsage(urlPlan, body);
        if (injected) ({ plan: urlPlan, body: rewritten } = injected);
      }
      const request = { origin, path, method, server: target.server, ...(body !== undefined && { body }) };
      const call = new ProviderCall(this, request, urlPlan, planned, parent, performance.now());
      return { call, ...(rewritten !== undefined && { body: rewritten }), identityEncoding: (planned ?? urlPlan).stripInjectedUsageChunk };
    } catch {
      this.stats.captureErrors++;
      return undefined;
    }
  }

  /** null = leave it alone: costtrace's own export, or neither internal nor a billable provider call. */
  private classify(origin: string, path: string, method: string): Target | null {
    const url = new URL(path, origin);
    if (url.href.startsWith(this.config.tracesUrl)) return null;
    if (isInternalHost(url, this.config.internalHosts)) return { internal: true };
    const plan = this.registry.plan({ url, method });
    if (!plan?.billable) return null;
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { internal: false, call: { plan, server: { address: url.hostname, port } } };
  }
}

/** The cached value for `key`, computed once; the cache starts over when full. */
function remember<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined || cache.has(key)) return known as V;
  const value = compute();
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}
