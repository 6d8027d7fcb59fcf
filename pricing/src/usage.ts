// What one paid call consumed, normalised to the OpenTelemetry GenAI semconv token rules. This is the contract
// between the collector's span mapper (which produces it) and price() (which consumes it).

/**
 * Token counts follow the GenAI semantic conventions:
 * - `inputTokens` INCLUDES cache read and cache write tokens (Anthropic reports them apart; mappers add them).
 * - `outputTokens` INCLUDES reasoning tokens.
 * - cache, reasoning, audio and image counts are subsets of those totals.
 * An absent field means "not reported", which is different from 0.
 */
export interface Usage {
  /** Provider id: GenAI semconv `gen_ai.provider.name` value (`openai`, `anthropic`, `gcp.gemini`, ...). */
  provider: string;
  /** The model that served the call (response model when known, else the requested one). */
  model?: string;
  /** GenAI operation name (`chat`, `embeddings`, `generate_content`, ...). */
  operation?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  /** All cache-write tokens, 5-minute and 1-hour together. */
  cacheWriteTokens?: number;
  /** The part of `cacheWriteTokens` written with a 1-hour TTL (Anthropic `ephemeral_1h_input_tokens`). */
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  inputAudioTokens?: number;
  outputAudioTokens?: number;
  inputImageTokens?: number;
  /** OpenAI-style service tier the provider reports it served the call with (`default`, `flex`, `priority`, `batch`). */
  serviceTier?: string;
  /** Non-token units: `credits`, `characters`, `seconds`, `requests`, `billable_units`, `web_search_requests`, ... */
  units?: Record<string, number>;
  /** Cost the provider itself reported, in USD, as an exact decimal string (`"0.0123"`). */
  providerCostUsd?: string;
  /**
   * Who reported `providerCostUsd`: the provider's response (`provider`, the default) or the app by hand
   * (`manual`, e.g. `trackUsage({ costUsd })`). Sets the result's `source`.
   */
  costReportedBy?: 'provider' | 'manual';
}
