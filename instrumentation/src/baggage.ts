// Attribution as W3C baggage between internal services, with the same keys as the span attributes, and the host
// rule that decides who may receive it (only hosts the app named as internal).
import { propagation, ROOT_CONTEXT, defaultTextMapGetter, defaultTextMapSetter } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { attributionAttributes, mergeAttribution } from './attribution.js';
import type { Attribution } from './internal-types.js';
import { ATTR_COSTTRACE_FEATURE, ATTR_COSTTRACE_ORG_ID, ATTR_COSTTRACE_USER_ID, COSTTRACE_META_PREFIX } from './semconv.js';
import type { TrackAttributes } from './types.js';

const propagator = new W3CBaggagePropagator();

/** The `baggage` header value carrying an attribution, or undefined when it carries nothing. */
export function encodeBaggage(attribution: Attribution): string | undefined {
  const entries: Record<string, { value: string }> = {};
  for (const [key, value] of Object.entries(attributionAttributes(attribution))) entries[key] = { value: String(value) };
  if (Object.keys(entries).length === 0) return undefined;
  const carrier: Record<string, string> = {};
  propagator.inject(propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries)), carrier, defaultTextMapSetter);
  return carrier.baggage;
}

/** Appends our entries to a baggage header the app may already send. */
export function mergeBaggageHeader(existing: string | undefined, ours: string): string {
  return existing === undefined || existing.trim() === '' ? ours : `${existing},${ours}`;
}

/** Reads attribution from an incoming `baggage` header; other baggage entries are ignored. */
export function decodeBaggage(header: string | undefined): Attribution | undefined {
  if (header === undefined || header === '') return undefined;
  const ctx = propagator.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter);
  const baggage = propagation.getBaggage(ctx);
  if (!baggage) return undefined;
  let feature: string | undefined;
  const attrs: TrackAttributes = {};
  for (const [key, entry] of baggage.getAllEntries()) {
    if (key === ATTR_COSTTRACE_FEATURE) feature = entry.value;
    else if (key === ATTR_COSTTRACE_USER_ID) attrs.userId = entry.value;
    else if (key === ATTR_COSTTRACE_ORG_ID) attrs.orgId = entry.value;
    else if (key.startsWith(COSTTRACE_META_PREFIX)) attrs[key.slice(COSTTRACE_META_PREFIX.length)] = entry.value;
  }
  if (feature === undefined && Object.keys(attrs).length === 0) return undefined;
  return mergeAttribution(undefined, feature, attrs);
}

/**
 * Whether a URL's host is one of the internal host patterns: `host`, `host:port`, or `*.suffix`.
 * @example isInternalHost(new URL('http://billing.svc.local:8080/x'), ['*.svc.local']) === true
 */
export function isInternalHost(url: URL, patterns: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  for (const raw of patterns) {
    const pattern = raw.toLowerCase();
    if (pattern.startsWith('*.')) {
      if (hostname.endsWith(pattern.slice(1))) return true;
    } else if (pattern === host || pattern === hostname) return true;
  }
  return false;
}
