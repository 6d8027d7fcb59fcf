// Public configuration and value types of @costtrace/sdk: init options, scope attributes, manual usage events,
// middleware options and runtime stats.
import type { Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ProviderUrlMapping } from './providers/index.js';

/** A metadata value: what an OTel attribute can hold as a scalar. */
export type AttributeScalar = string | number | boolean;

/** Attribution for a scope: the end user, the org and free-form metadata (`costtrace.meta.<key>`). */
export interface TrackAttributes {
  userId?: string | null;
  orgId?: string | null;
  [key: string]: AttributeScalar | null | undefined;
}

/** Provider base URLs by provider id, for gateways, Azure, OpenAI-compatible servers and tests. */
export type ProviderUrls = ProviderUrlMapping;

/** Facts about one outgoing request, given to `ignoreRequestHook`. */
export interface OutgoingRequestInfo {
  url: URL;
  method: string;
}

/** Facts about one captured provider call, given to `spanHook` just before its span ends. */
export interface ProviderCallInfo {
  provider: string;
  operation: string;
  url: URL;
  statusCode?: number;
  cancelled: boolean;
}

export interface CostTraceOptions {
  /** The app name (resource `service.name`). @default process.env.OTEL_SERVICE_NAME, else 'unknown_service' */
  app?: string;
  /** OTLP/HTTP base URL of the costtrace collector; spans go to `{endpoint}/v1/traces`.
   * @default process.env.OTEL_EXPORTER_OTLP_ENDPOINT, else 'http://localhost:4318' */
  endpoint?: string;
  /** Sent as `Authorization: Bearer <key>` to the collector endpoint only. @default process.env.COSTTRACE_API_KEY */
  apiKey?: string;
  /** Extra provider base URLs, merged with `COSTTRACE_PROVIDER_URLS` ("openai=http://127.0.0.1:9001/v1,..."). @default {} */
  providers?: ProviderUrls;
  /** Hosts (`host`, `host:port` or `*.suffix`) that receive attribution as W3C baggage. No other host ever does.
   * @default process.env.COSTTRACE_INTERNAL_HOSTS split on commas, else [] */
  internalHosts?: string[];
  /** Send a sha256 hash of the user id to providers that accept one (OpenAI `safety_identifier`, Anthropic
   * `metadata.user_id`). Raw ids are never sent. @default false */
  sendUserToProvider?: boolean;
  /** Where spans go. @default an OTLP/HTTP protobuf exporter to `{endpoint}/v1/traces` */
  exporter?: SpanExporter;
  /** Spans waiting for export; beyond it new spans are dropped and counted in `getStats().spansDropped`. @default 2048 */
  maxQueueSize?: number;
  /** Longest one export may take before it is abandoned and its spans counted as failed. @default 10000 */
  exportTimeoutMillis?: number;
  /** Delay between two exports. @default 1000 */
  scheduledDelayMillis?: number;
  /** Return true to leave a request uncaptured. Asked about requests to provider and internal hosts only (costtrace
   * leaves every other request alone anyway). Runs inside a guard: a throwing hook captures the call. */
  ignoreRequestHook?: (request: OutgoingRequestInfo) => boolean;
  /** Add attributes to a provider span before it ends. Runs inside a guard: a throwing hook is counted, not raised. */
  spanHook?: (span: Span, call: ProviderCallInfo) => void;
}

/** The handle `startSpan` returns. */
export interface ScopeHandle {
  /** Ends the scope: its span ends and, if the scope is still the active one, the previous scope is restored. */
  end(): void;
}

/** Usage an app reports itself: a known cost, tokens, or units such as characters, seconds or credits. */
export interface UsageEvent {
  /** Provider id (`gen_ai.provider.name` value). */
  provider: string;
  model?: string;
  /** GenAI operation name. @default 'usage' */
  operation?: string;
  /** Exact USD cost, a non-negative decimal string or a number (written as its shortest decimal). */
  costUsd?: string | number;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** Non-token units (`costtrace.units.<unit>`), e.g. `{ characters: 1200 }`. */
  units?: Record<string, number>;
  statusCode?: number;
  /** Extra metadata for this event only (`costtrace.meta.<key>`). */
  metadata?: Record<string, AttributeScalar>;
}

/** A manual event with explicit attribution (merged over the current scope, if any). */
export interface RecordUsageEvent extends Omit<UsageEvent, 'provider'> {
  /** @default 'manual' */
  provider?: string;
  feature?: string;
  userId?: string | null;
  orgId?: string | null;
}

/** Export health counters; all start at 0 on `init()`. */
export interface CostTraceStats {
  /** Spans handed to the exporter that it accepted. */
  spansExported: number;
  /** Spans dropped because the export queue was full (collector down or slow). */
  spansDropped: number;
  /** Spans in exports that failed or timed out. */
  spansFailed: number;
  /** Internal capture errors swallowed so the app never saw them. */
  captureErrors: number;
  /** User hooks (`ignoreRequestHook`, `spanHook`, `resolveUser`) that threw. */
  hookErrors: number;
}

/** What a middleware's `resolveUser` sees of an incoming request, whatever the framework. */
export interface IncomingRequestInfo {
  method: string;
  /** Path and query as received. */
  url: string;
  /** A request header, case-insensitive; undefined when absent. */
  header(name: string): string | undefined;
  /** The framework's own request object (Express `req`, Fastify `request`, Hono `Context`, node `IncomingMessage`). */
  raw: unknown;
}

export interface ResolvedUser {
  userId?: string | null;
  orgId?: string | null;
}

/** `'none'`, `'clerk'` (verify the Bearer session token with `@clerk/backend`), or your own function. */
export type UserResolver =
  'none' | 'clerk' | ((request: IncomingRequestInfo) => ResolvedUser | undefined | null | Promise<ResolvedUser | undefined | null>);

export interface ClerkOptions {
  /** @default process.env.CLERK_SECRET_KEY */
  secretKey?: string;
  /** PEM public key for networkless verification. @default process.env.CLERK_JWT_KEY */
  jwtKey?: string;
  authorizedParties?: string[];
}

export interface MiddlewareOptions {
  /** Who made the request. A resolver that throws or rejects leaves the request unattributed, never failed.
   * @default 'clerk' when CLERK_SECRET_KEY or CLERK_JWT_KEY is set, else 'none' */
  resolveUser?: UserResolver;
  clerk?: ClerkOptions;
  /** Feature name for the request's scope. @default the matched route pattern (plain node:http: the path) */
  feature?: string | ((request: IncomingRequestInfo) => string | undefined);
  /** Read attribution from an incoming W3C `baggage` header (sent by costtrace in another internal service);
   * a resolved user wins over it. @default true */
  acceptBaggage?: boolean;
}
