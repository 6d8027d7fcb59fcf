// The contract between the provider registry (pure data + parsers) and the SDK runtime that captures calls.
// The runtime asks the registry "is this a paid provider call?", lets it adjust the request, feeds it the response
// bytes as they stream past, and turns the CapturedUsage it returns into span attributes.

/** Request facts the registry needs to recognise a call and plan request changes. */
export interface ProviderRequest {
  url: URL;
  method: string;
  /** Request body as text when it is a JSON/text body the runtime could read without consuming it; else undefined. */
  bodyText?: string;
}

/** What the registry decided about one request. */
export interface ProviderCallPlan {
  /** Provider id (GenAI semconv `gen_ai.provider.name` value or lowercase name, see DESIGN.md). */
  provider: string;
  /** GenAI operation name: `chat`, `text_completion`, `embeddings`, `generate_content`, `execute_tool`, ... */
  operation: string;
  requestModel?: string;
  streaming: boolean;
  /** Replacement request body (e.g. with `stream_options.include_usage` injected); undefined = send unchanged. */
  rewrittenBodyText?: string;
  /** True when the runtime must remove the injected usage-only chunk from what the app reads. */
  stripInjectedUsageChunk: boolean;
  /** The route injects `include_usage` into streaming requests: a body that mentions `"stream"` must be planned
   * before it is sent (any other body can be planned after the call, off the app's path). */
  injectable: boolean;
  /** False for calls that are never billable (queue submit acks, status polls): no usage span is recorded. */
  billable: boolean;
}

/** Usage reported by the provider for one call, normalised to GenAI semconv rules (input includes cache tokens,
 * output includes reasoning tokens). Absent = not reported (never a fake 0). */
export interface CapturedUsage {
  responseModel?: string;
  responseId?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  serviceTier?: string;
  /** Provider-reported cost in USD, exact decimal string as the provider wrote it. */
  costUsd?: string;
  /** Non-token units: credits, characters, seconds, requests, billable_units, web_search_requests, ... */
  units?: Record<string, number>;
  /** For cumulative objects (Apify runs, Firecrawl crawls, Cloro tasks): a key so the runtime counts each once,
   * and whether this observation is the final one that should be recorded. */
  dedupeKey?: string;
  final?: boolean;
}

/** Reads a response as it streams past the app; never throws (a bad body yields undefined usage). */
export interface ResponseUsageReader {
  /** Feed the next raw body chunk (exactly the bytes the provider sent). */
  push(chunk: Uint8Array): void;
  /** The body is complete (or was cut off); returns the usage seen so far, or undefined if none. */
  finish(): CapturedUsage | undefined;
}

/** Filters the bytes the app reads (used only when `stripInjectedUsageChunk`): removes the usage-only SSE event
 * that costtrace asked for, passing every other byte through unchanged and in order. */
export interface StreamByteFilter {
  transform(chunk: Uint8Array): Uint8Array;
  flush(): Uint8Array;
}
