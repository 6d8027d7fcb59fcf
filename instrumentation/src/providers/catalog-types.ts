// The small declarative language provider entries are written in: where a provider lives (base URLs with host
// wildcards), which calls are paid (path routes), where the model comes from, and where usage sits in its responses.
import type { JsonPath } from './json-path.js';

/** Usage token fields, all normalised to the GenAI semconv rule (input includes cache, output includes reasoning). */
export type TokenField = 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'cacheWrite1hTokens' | 'reasoningTokens';

/**
 * Where one count comes from in the response: one path, several paths summed (a provider that splits a count, e.g.
 * Anthropic input = `input_tokens` + cache reads + cache writes), the first present of several spellings, or the
 * number of items of an array (optionally those whose `key` equals a value).
 */
export type CountSource =
  JsonPath | { sum: readonly JsonPath[] } | { first: readonly JsonPath[] } | { count: JsonPath; where?: { key: string; equals: string } };

/** A cumulative object (an Apify run, a Firecrawl crawl, a Cloro task) that polls return again and again. */
export interface RunSpec {
  /** Its id in the body; without one the id comes from the route's `dedupeGroup`. */
  id?: JsonPath;
  status: JsonPath;
  /** Statuses after which the object no longer changes: only such an observation is final. */
  terminal: readonly string[];
}

/** How a streamed response carries usage. */
export interface StreamSpec {
  /** JSON keys whose OBJECT value marks an event worth parsing (`"usage":{`, not `"usage":null`). */
  needles: readonly string[];
  /** Where an event's content sits, by SSE event type (or the data's `type`), e.g. `message_start` → `message`.
   * Events of other types are merged whole. */
  roots?: Readonly<Record<string, JsonPath>>;
  /** A streaming JSON body that is one array of response objects (Gemini without `alt=sse`). */
  jsonArray?: boolean;
}

/** Where usage sits in a provider's responses. One function (`extractUsage`) evaluates every shape. */
export interface UsageShape {
  tokens?: Readonly<Partial<Record<TokenField, CountSource>>>;
  units?: Readonly<Record<string, CountSource>>;
  responseModel?: JsonPath;
  responseId?: JsonPath;
  serviceTier?: JsonPath;
  /** Provider-reported cost; `shift` moves the decimal point (xAI ticks: 1 USD = 10^10 ticks → -10). */
  cost?: { path: JsonPath; shift?: number };
  /** Counts in response headers (names lowercase); several names are summed. */
  headerTokens?: Readonly<Partial<Record<TokenField, readonly string[]>>>;
  /** Units in response headers; the first header present wins. */
  headerUnits?: Readonly<Record<string, readonly string[]>>;
  /** Units every successful (2xx) response counts, e.g. `{ requests: 1 }` for per-request billing. */
  successUnits?: Readonly<Record<string, number>>;
  run?: RunSpec;
  stream?: StreamSpec;
}

/** One kind of paid (or deliberately unpaid) call below a provider base URL. */
export interface RouteSpec {
  /** Tested against the path below the base (no query), e.g. `/chat/completions`. */
  path: RegExp;
  /** @default ['POST'] */
  methods?: readonly string[];
  operation: string;
  /** Where the requested model comes from, tried in order: a JSON body key, a capture group of `path`, a query
   * parameter. @default { body: 'model' } */
  model?: { body?: string; group?: number; query?: string };
  /** 'body': the JSON body's `stream` is true; 'always': a streaming endpoint. @default 'body' */
  streaming?: 'body' | 'always' | 'never';
  /** Response usage; omitted = none is reported (the call is still captured). */
  shape?: UsageShape;
  /** OpenAI-style chat completions that honour `stream_options.include_usage`. */
  injectIncludeUsage?: boolean;
  /** False for submit acks and status polls: never billable. @default true */
  billable?: boolean;
  /** A capture group naming a one-off result (a Fal queue result, a crawl id) that may be fetched again. */
  dedupeGroup?: number;
}

/** A set of base URLs sharing routes. `variant` names it in the URL mapping (`fal:queue=...`). */
export interface ProviderBase {
  variant?: string;
  /** Base URLs; hosts may use `*` for a label or part of one (`https://*.openai.azure.com`). */
  urls: readonly string[];
  routes: readonly RouteSpec[];
}

/** One provider: its id (DESIGN.md provider ids) and where it is reached. The first base is the one a bare
 * provider id maps to in `COSTTRACE_PROVIDER_URLS`. */
export interface ProviderEntry {
  id: string;
  bases: readonly ProviderBase[];
}
