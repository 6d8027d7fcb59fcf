// Manual usage events: trackUsage() inside a scope, recordUsage() with explicit attribution. Each becomes a GenAI
// CLIENT span that the collector prices like a captured call (a known cost, tokens, or units).
import { context, SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { attributionAttributes, getAttribution, mergeAttribution } from './attribution.js';
import { toDecimalString } from './decimal.js';
import type { Attribution } from './internal-types.js';
import { usageAttributes } from './capture/usage-attributes.js';
import type { CapturedUsage } from './providers/provider-types.js';
import {
  ATTR_COSTTRACE_COST_SOURCE,
  ATTR_COSTTRACE_COST_USD,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  COST_SOURCE_MANUAL,
  MANUAL_OPERATION,
  MANUAL_PROVIDER,
} from './semconv.js';
import { costtraceTracer } from './tracer.js';
import type { RecordUsageEvent, UsageEvent } from './types.js';

/**
 * Records usage the app knows about, attributed to the current scope. Outside any scope it does nothing, so it is
 * safe to leave in shared code. Never throws.
 * @example trackUsage({ provider: 'elevenlabs', model: 'eleven_v3', units: { characters: 1200 } });
 */
export function trackUsage(event: UsageEvent): void {
  const attribution = getAttribution();
  if (!attribution) return;
  emit(event, attribution);
}

/**
 * Records usage with explicit attribution, inside a scope or not (explicit fields win over the scope's).
 * A Scrawn-style debit is `recordUsage({ userId: 'user-123', costUsd: '0.10' })`. Never throws.
 */
export function recordUsage(event: RecordUsageEvent): void {
  const { feature, userId, orgId, provider, ...usage } = event;
  const attribution = mergeAttribution(getAttribution(), feature, {
    ...(userId !== undefined && { userId }),
    ...(orgId !== undefined && { orgId }),
  });
  emit({ ...usage, provider: provider ?? MANUAL_PROVIDER }, attribution);
}

function emit(event: UsageEvent, attribution: Attribution): void {
  try {
    const scoped = event.metadata ? mergeAttribution(attribution, undefined, event.metadata) : attribution;
    const operation = event.operation ?? MANUAL_OPERATION;
    const attributes: Attributes = {
      [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
      [ATTR_GEN_AI_OPERATION_NAME]: operation,
      ...usageEventAttributes(event),
      ...attributionAttributes(scoped),
    };
    const name = event.model !== undefined ? `${operation} ${event.model}` : `${operation} ${event.provider}`;
    const span = costtraceTracer().startSpan(name, { kind: SpanKind.CLIENT, attributes }, context.active());
    if (event.statusCode !== undefined && event.statusCode >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  } catch {
    // A bad event (e.g. a throwing getter) is dropped rather than thrown into the app.
  }
}

/** The usage part of a manual event as span attributes, through the same mapping as captured calls. Pure. */
export function usageEventAttributes(event: UsageEvent): Attributes {
  const cost = toDecimalString(event.costUsd);
  const usage: CapturedUsage = {
    ...(event.model !== undefined && { responseModel: event.model }),
    ...(event.inputTokens !== undefined && { inputTokens: event.inputTokens }),
    ...(event.outputTokens !== undefined && { outputTokens: event.outputTokens }),
    ...(event.cacheReadTokens !== undefined && { cacheReadTokens: event.cacheReadTokens }),
    ...(event.cacheWriteTokens !== undefined && { cacheWriteTokens: event.cacheWriteTokens }),
    ...(event.reasoningTokens !== undefined && { reasoningTokens: event.reasoningTokens }),
    ...(cost !== undefined && { costUsd: cost }),
    ...(event.units !== undefined && { units: event.units }),
  };
  const out = usageAttributes(usage, event.provider);
  // The collector labels the row's cost 'manual' rather than 'provider'.
  if (out[ATTR_COSTTRACE_COST_USD] !== undefined) out[ATTR_COSTTRACE_COST_SOURCE] = COST_SOURCE_MANUAL;
  if (event.model !== undefined) out[ATTR_GEN_AI_REQUEST_MODEL] = event.model;
  if (event.statusCode !== undefined) out[ATTR_HTTP_RESPONSE_STATUS_CODE] = event.statusCode;
  return out;
}
