// Attribution across queues: the producer stamps it on the message body (costtrace's shape plus ve-track's
// `auth: { userId, orgId }` and `action`), the consumer runs in that scope with withMessage().
import { featureOf, getAttribution, mergeAttribution } from './attribution.js';
import { track } from './scope.js';
import type { AttributeScalar, TrackAttributes } from './types.js';

/** The attribution a stamped message carries under `costtrace`. */
export interface MessageAttribution {
  feature?: string;
  userId?: string;
  orgId?: string;
  meta?: Record<string, AttributeScalar>;
}

/** Feature of a consumed message that names none (ve-track's default for queue work). */
const QUEUE_FEATURE = 'queue';

/**
 * Returns a copy of `body` stamped with the current scope's attribution, `attribution` merged over it.
 * @example await queue.send(stampMessage({ docId }, { feature: 'rank-refresh' }));
 *   // → { docId, costtrace: { feature: 'rank-refresh', userId, orgId, meta }, auth: { userId, orgId }, action: 'rank-refresh' }
 */
export function stampMessage<T extends object>(
  body: T,
  attribution: MessageAttribution = {},
): T & { costtrace: MessageAttribution; auth: { userId: string | null; orgId: string | null }; action?: string } {
  const merged = mergeAttribution(getAttribution(), attribution.feature, { ...attribution.meta, ...pick(attribution) });
  const feature = featureOf(merged);
  const stamp: MessageAttribution = {
    ...(feature !== undefined && { feature }),
    ...(merged.userId !== undefined && { userId: merged.userId }),
    ...(merged.orgId !== undefined && { orgId: merged.orgId }),
    ...(Object.keys(merged.meta).length > 0 && { meta: { ...merged.meta } }),
  };
  return {
    ...body,
    costtrace: stamp,
    auth: { userId: merged.userId ?? null, orgId: merged.orgId ?? null },
    ...(feature !== undefined && { action: feature }),
  };
}

/**
 * Runs the consumer `fn` in the scope stamped on `message` (a body, or a queue message `{ body }`), reading
 * costtrace's stamp first and ve-track's `auth`/`action` otherwise. Returns fn's result.
 * @example await withMessage(message, () => processOne(message.body));
 */
export function withMessage<T>(message: unknown, fn: () => T): T {
  const body = messageBody(message);
  const stamp = isObject(body?.costtrace) ? (body.costtrace as MessageAttribution) : undefined;
  const auth = isObject(body?.auth) ? (body.auth as { userId?: unknown; orgId?: unknown }) : undefined;
  const feature = text(stamp?.feature) ?? text(body?.action) ?? QUEUE_FEATURE;
  const attrs: TrackAttributes = { ...(isObject(stamp?.meta) ? stamp.meta : {}) };
  const userId = text(stamp?.userId) ?? text(auth?.userId);
  const orgId = text(stamp?.orgId) ?? text(auth?.orgId);
  if (userId !== undefined) attrs.userId = userId;
  if (orgId !== undefined) attrs.orgId = orgId;
  return track(feature, attrs, fn);
}

function messageBody(message: unknown): Record<string, unknown> | undefined {
  if (!isObject(message)) return undefined;
  if (!('costtrace' in message) && !('auth' in message) && isObject(message.body)) return message.body;
  return message;
}

function pick(a: MessageAttribution): TrackAttributes {
  return { ...(a.userId !== undefined && { userId: a.userId }), ...(a.orgId !== undefined && { orgId: a.orgId }) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
