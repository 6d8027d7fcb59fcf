// What every middleware does per request: read baggage from internal callers, resolve the user (never failing the
// request), pick the feature (explicit, else the route matched later), and build the request's attribution.
import { context, type Context } from '@opentelemetry/api';
import { mergeAttribution, setAttribution } from '../attribution.js';
import { decodeBaggage } from '../baggage.js';
import type { Attribution } from '../internal-types.js';
import { activeStats, guardHook } from '../stats.js';
import type { IncomingRequestInfo, MiddlewareOptions, ResolvedUser } from '../types.js';
import { clerkUser } from './clerk.js';

/**
 * The request's scope context. Synchronous when no resolver has to wait (resolveUser 'none'), so the request is
 * not delayed by a tick; a throwing or rejecting resolver leaves the request unattributed.
 * @param route the matched route pattern, read when a call is made (frameworks match after middleware runs)
 */
export function requestContext(
  request: IncomingRequestInfo,
  options: MiddlewareOptions,
  route: () => string | undefined,
): Context | Promise<Context> {
  const base = options.acceptBaggage === false ? undefined : safeDecode(request.header('baggage'));
  const feature =
    typeof options.feature === 'function'
      ? guardHook(activeStats(), undefined, () => (options.feature as (r: IncomingRequestInfo) => string | undefined)(request))
      : options.feature;
  const build = (user: ResolvedUser | undefined | null): Context => {
    const attribution: Attribution = mergeAttribution(base, feature, {
      ...(user?.userId != null && { userId: user.userId }),
      ...(user?.orgId != null && { orgId: user.orgId }),
    });
    if (attribution.feature === undefined) attribution.route = route;
    return setAttribution(context.active(), attribution);
  };
  const user = resolve(request, options);
  if (!isPromise(user)) return build(user);
  return user.then(build, () => {
    activeStats().hookErrors++;
    return build(undefined);
  });
}

function resolve(
  request: IncomingRequestInfo,
  options: MiddlewareOptions,
): ResolvedUser | undefined | null | Promise<ResolvedUser | undefined | null> {
  const resolver = options.resolveUser ?? (process.env.CLERK_SECRET_KEY || process.env.CLERK_JWT_KEY ? 'clerk' : 'none');
  if (resolver === 'none') return undefined;
  if (resolver === 'clerk') return clerkUser(request, options.clerk);
  return guardHook(activeStats(), undefined, () => resolver(request));
}

function safeDecode(header: string | undefined): Attribution | undefined {
  try {
    return decodeBaggage(header);
  } catch {
    return undefined;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

/** Request info over node's IncomingMessage headers (Express, Fastify and plain node:http all expose them). */
export function nodeRequestInfo(
  raw: unknown,
  message: { method?: string | undefined; url?: string | undefined; headers: Record<string, string | string[] | undefined> },
): IncomingRequestInfo {
  return {
    method: message.method ?? 'GET',
    url: message.url ?? '/',
    header: (name) => {
      const value = message.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    raw,
  };
}
