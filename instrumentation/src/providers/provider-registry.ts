// The stateful face of the provider catalog: plans a request (provider, operation, model, streaming, include_usage
// injection, billability), then reads its response and filters its stream. Pure data in, no I/O, never throws
// after construction.
import type { ProviderEntry, RouteSpec } from './catalog-types.js';
import { injectIncludeUsage, injectIncludeUsageBytes, STREAM_MEMBERS } from './include-usage-injection.js';
import { InjectedUsageFilter } from './injected-usage-filter.js';
import { topLevelMembers } from './json-top-level.js';
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
  /** The plan of the same request once its body is known: what `plan` gives with `bodyText`, without matching the
   * URL again (a plan made without a body can be kept for every call to that URL). */
  withBody(plan: ProviderCallPlan, bodyText: string): ProviderCallPlan;
  /** Usage reader for the response of a planned call (pass the plan object `plan()` returned); never throws. */
  createReader(plan: ProviderCallPlan, response: { status: number; headers: Record<string, string> }): ResponseUsageReader;
  /**
   * What `withBody` decides before a request is sent, without the rest of planning: the bytes to send with
   * `stream_options.include_usage` injected, and the URL plan marked as injecting (its filter strips, and
   * `withBody` on it still plans the rest later). Undefined when nothing must change.
   * @param body the app's request body
   */
  withIncludeUsage(plan: ProviderCallPlan, body: Uint8Array): { plan: ProviderCallPlan; body: Uint8Array } | undefined;
  /**
   * Byte filter removing the injected usage-only chunk; passes everything through when the plan needs none.
   * @param onUsage receives each event that carries usage, in order: the usage-only chunk it removes (what
   *   costtrace asked for; the app's own events carry `"usage":null`) and any event a provider puts usage in anyway
   */
  createInjectedUsageFilter(plan: ProviderCallPlan, onUsage?: (event: Uint8Array) => void): StreamByteFilter;
}

/** What the URL decided, kept out of the public plan object. */
interface PlanDetails {
  provider: string;
  route: RouteSpec;
  /** The model named by the path or the query, for routes whose body names none. */
  urlModel?: string;
  pathId?: string;
}

const POST = ['POST'];
const BODY_MODEL: NonNullable<RouteSpec['model']> = { body: 'model' };
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
  const injecting = new WeakMap<ProviderCallPlan, ProviderCallPlan>();
  const planned = (found: PlanDetails, bodyText: string | undefined): ProviderCallPlan => {
    const plan = planCall(found, bodyText);
    details.set(plan, found);
    return plan;
  };
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
          const modelFrom = route.model ?? BODY_MODEL;
          const urlModel =
            (modelFrom.group !== undefined ? decode(groups[modelFrom.group]) : undefined) ??
            (modelFrom.query !== undefined ? stringOr(req.url.searchParams.get(modelFrom.query)) : undefined);
          const pathId = route.dedupeGroup === undefined ? undefined : decode(groups[route.dedupeGroup]);
          return planned(
            {
              provider: found.provider,
              route,
              ...(urlModel !== undefined && { urlModel }),
              ...(pathId !== undefined && { pathId }),
            },
            req.bodyText,
          );
        }
        return undefined;
      } catch {
        return undefined;
      }
    },
    withBody(plan, bodyText) {
      const found = details.get(plan);
      return found ? planned(found, bodyText) : plan;
    },
    withIncludeUsage(plan, body) {
      try {
        const rewritten = plan.injectable ? injectIncludeUsageBytes(body) : undefined;
        if (rewritten === undefined) return undefined;
        let marked = injecting.get(plan);
        const found = details.get(plan);
        if (!marked && found) {
          marked = { ...plan, streaming: true, stripInjectedUsageChunk: true };
          details.set(marked, found);
          injecting.set(plan, marked);
        }
        return marked && { plan: marked, body: rewritten };
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
    createInjectedUsageFilter(plan, onUsage) {
      return plan.stripInjectedUsageChunk ? new InjectedUsageFilter(onUsage) : PASS_THROUGH;
    },
  };
}

function planCall({ provider, route, urlModel }: PlanDetails, bodyText: string | undefined): ProviderCallPlan {
  const modelKey = (route.model ?? BODY_MODEL).body;
  const members =
    bodyText !== undefined && bodyText.length <= MAX_JSON_BODY_BYTES
      ? topLevelMembers(bodyText, modelKey !== undefined ? [modelKey, ...STREAM_MEMBERS] : STREAM_MEMBERS)
      : undefined;
  const value = (name: string): unknown => {
    const span = members?.get(name);
    return span && bodyText !== undefined ? parseValue(bodyText.slice(span.start, span.end)) : undefined;
  };
  const streaming = route.streaming === 'always' || ((route.streaming ?? 'body') === 'body' && value('stream') === true);
  const requestModel = (modelKey !== undefined ? stringOr(value(modelKey)) : undefined) ?? urlModel;
  const rewrittenBodyText =
    route.injectIncludeUsage && members && bodyText !== undefined ? injectIncludeUsage(bodyText, members) : undefined;
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

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
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
