// The stateful face of the provider catalog: plans a request (provider, operation, model, streaming, include_usage
// injection, billability), then reads its response and filters its stream. Pure data in, no I/O, never throws
// after construction.
import type { ProviderEntry, RouteSpec } from './catalog-types.js';
import { injectIncludeUsage } from './include-usage-injection.js';
import { InjectedUsageFilter } from './injected-usage-filter.js';
import { isObject, type JsonObject } from './json-path.js';
import { CLOUD_PROVIDERS } from './cloud-providers.js';
import { LLM_PROVIDERS } from './llm-providers.js';
import { ProviderMatcher } from './provider-matcher.js';
import type { ProviderCallPlan, ProviderRequest, ResponseUsageReader, StreamByteFilter } from './provider-types.js';
import type { ProviderUrlMapping } from './provider-url-mapping.js';
import { createResponseUsageReader, MAX_JSON_BODY_BYTES } from './response-usage-reader.js';
import { TOOL_PROVIDERS } from './tool-providers.js';

/** Every provider costtrace knows, one entry each. */
export const PROVIDER_CATALOG: readonly ProviderEntry[] = [...LLM_PROVIDERS, ...CLOUD_PROVIDERS, ...TOOL_PROVIDERS];

export interface ProviderRegistry {
  /** Whether any provider base lives at this URL's scheme and host (two or three Map lookups). */
  knowsOrigin(url: URL): boolean;
  /** undefined when the request is not a call to a known/mapped provider. Cheap for other URLs (Map lookups), and
   * without a body (no JSON parsing). */
  plan(req: ProviderRequest): ProviderCallPlan | undefined;
  /** Usage reader for the response of a planned call (pass the plan object `plan()` returned); never throws. */
  createReader(plan: ProviderCallPlan, response: { status: number; headers: Record<string, string> }): ResponseUsageReader;
  /** Byte filter removing the injected usage-only chunk; passes everything through when the plan needs none. */
  createInjectedUsageFilter(plan: ProviderCallPlan): StreamByteFilter;
}

/** What a plan needs later, kept out of the public plan object. */
interface PlanDetails {
  route: RouteSpec;
  pathId?: string;
}

const POST = ['POST'];
const NO_USAGE: ResponseUsageReader = { push: () => undefined, finish: () => undefined };
const PASS_THROUGH: StreamByteFilter = { transform: (chunk) => chunk, flush: () => new Uint8Array(0) };

/**
 * @param options.urls extra base URLs by provider id (`COSTTRACE_PROVIDER_URLS`, `init({ providers })`)
 * @throws Error naming an unknown provider id or a malformed base URL in `urls` (fail fast at start-up)
 * @example
 * const registry = createProviderRegistry({ urls: { openai: ['http://127.0.0.1:9001/v1'] } });
 * const plan = registry.plan({ url: new URL('http://127.0.0.1:9001/v1/chat/completions'), method: 'POST', bodyText });
 */
export function createProviderRegistry(options: { urls?: ProviderUrlMapping } = {}): ProviderRegistry {
  const matcher = new ProviderMatcher(PROVIDER_CATALOG, options.urls);
  const details = new WeakMap<ProviderCallPlan, PlanDetails>();
  return {
    knowsOrigin(url) {
      return matcher.knowsOrigin(url);
    },
    plan(req) {
      try {
        const found = matcher.match(req.url);
        if (!found) return undefined;
        const method = req.method.toUpperCase();
        for (const route of found.base.routes) {
          if (!(route.methods ?? POST).includes(method)) continue;
          const groups = route.path.exec(found.relativePath);
          if (!groups) continue;
          const plan = planCall(found.provider, route, groups, req);
          const pathId = route.dedupeGroup === undefined ? undefined : decode(groups[route.dedupeGroup]);
          details.set(plan, { route, ...(pathId !== undefined && { pathId }) });
          return plan;
        }
        return undefined;
      } catch {
        return undefined;
      }
    },
    createReader(plan, response) {
      try {
        const found = details.get(plan);
        return createResponseUsageReader(found?.route.shape, plan.streaming, response, found?.pathId);
      } catch {
        return NO_USAGE;
      }
    },
    createInjectedUsageFilter(plan) {
      return plan.stripInjectedUsageChunk ? new InjectedUsageFilter() : PASS_THROUGH;
    },
  };
}

function planCall(provider: string, route: RouteSpec, groups: RegExpExecArray, req: ProviderRequest): ProviderCallPlan {
  const modelFrom = route.model ?? { body: 'model' };
  const needsBody = modelFrom.body !== undefined || (route.streaming ?? 'body') === 'body' || route.injectIncludeUsage === true;
  const body = needsBody ? parseJsonObject(req.bodyText) : undefined;
  const streaming = route.streaming === 'always' || ((route.streaming ?? 'body') === 'body' && body?.stream === true);
  const requestModel =
    (modelFrom.body !== undefined ? stringOr(body?.[modelFrom.body]) : undefined) ??
    (modelFrom.group !== undefined ? decode(groups[modelFrom.group]) : undefined) ??
    (modelFrom.query !== undefined ? stringOr(req.url.searchParams.get(modelFrom.query)) : undefined);
  const rewrittenBodyText =
    route.injectIncludeUsage && body && req.bodyText !== undefined ? injectIncludeUsage(req.bodyText, body) : undefined;
  return {
    provider,
    operation: route.operation,
    ...(requestModel !== undefined && { requestModel }),
    streaming,
    ...(rewrittenBodyText !== undefined && { rewrittenBodyText }),
    stripInjectedUsageChunk: rewrittenBodyText !== undefined,
    injectable: route.injectIncludeUsage === true,
    billable: route.billable ?? true,
  };
}

function parseJsonObject(text: string | undefined): JsonObject | undefined {
  if (text === undefined || text.length > MAX_JSON_BODY_BYTES || !text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined || segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
