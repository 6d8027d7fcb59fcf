// Attribution scopes in the OTel context: how scopes nest and merge, and how they become span attributes.
import { context, createContextKey, type Attributes, type Context } from '@opentelemetry/api';
import type { Attribution } from './internal-types.js';
import { ATTR_COSTTRACE_FEATURE, ATTR_COSTTRACE_ORG_ID, ATTR_COSTTRACE_USER_ID, COSTTRACE_META_PREFIX } from './semconv.js';
import type { AttributeScalar, TrackAttributes } from './types.js';

const ATTRIBUTION_KEY = createContextKey('costtrace.attribution');

/** The attribution of the given (default: active) context, undefined outside every scope. */
export function getAttribution(ctx: Context = context.active()): Attribution | undefined {
  return ctx.getValue(ATTRIBUTION_KEY) as Attribution | undefined;
}

export function setAttribution(ctx: Context, attribution: Attribution): Context {
  return ctx.setValue(ATTRIBUTION_KEY, attribution);
}

/**
 * A child scope: the inner feature wins, inner attributes merge over outer ones, the route is inherited.
 * `null` clears an inherited user or org.
 * @example mergeAttribution({ feature: 'chat', userId: 'u1', meta: { tier: 'pro' } }, 'summarize', { orgId: 'o1' })
 *   // → { feature: 'summarize', userId: 'u1', orgId: 'o1', meta: { tier: 'pro' } }
 */
export function mergeAttribution(
  outer: Attribution | undefined,
  feature: string | undefined,
  attrs: TrackAttributes | undefined,
): Attribution {
  const meta: Record<string, AttributeScalar> = { ...outer?.meta };
  let userId = outer?.userId;
  let orgId = outer?.orgId;
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (key === 'userId') userId = value == null ? undefined : String(value);
    else if (key === 'orgId') orgId = value == null ? undefined : String(value);
    else if (value !== undefined && value !== null && isScalar(value)) meta[key] = value;
  }
  const merged: Attribution = { meta };
  const resolvedFeature = feature !== undefined && feature !== '' ? feature : outer?.feature;
  if (resolvedFeature !== undefined) merged.feature = resolvedFeature;
  if (userId !== undefined && userId !== '') merged.userId = userId;
  if (orgId !== undefined && orgId !== '') merged.orgId = orgId;
  if (outer?.route) merged.route = outer.route;
  return merged;
}

/** The feature a call is attributed to: the innermost named scope, else the enclosing HTTP route. */
export function featureOf(attribution: Attribution): string | undefined {
  if (attribution.feature !== undefined) return attribution.feature;
  try {
    return attribution.route?.();
  } catch {
    return undefined;
  }
}

/** Span attributes for an attribution (`costtrace.feature`, `costtrace.user_id`, `costtrace.org_id`, `costtrace.meta.*`). */
export function attributionAttributes(attribution: Attribution | undefined): Attributes {
  if (!attribution) return {};
  const out: Attributes = {};
  const feature = featureOf(attribution);
  if (feature !== undefined) out[ATTR_COSTTRACE_FEATURE] = feature;
  if (attribution.userId !== undefined) out[ATTR_COSTTRACE_USER_ID] = attribution.userId;
  if (attribution.orgId !== undefined) out[ATTR_COSTTRACE_ORG_ID] = attribution.orgId;
  for (const [key, value] of Object.entries(attribution.meta)) out[COSTTRACE_META_PREFIX + key] = value;
  return out;
}

function isScalar(value: unknown): value is AttributeScalar {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
