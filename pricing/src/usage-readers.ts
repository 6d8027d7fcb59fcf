// How each catalog usage key is read from our semconv-shaped Usage; any other key comes from `usage.units`.

import type { Usage } from './usage.js';

/** Reads one catalog usage key (`cache_read_tokens`) from a Usage; undefined means not reported. */
export type UsageReader = (u: Usage) => number | undefined;

const READERS: Readonly<Record<string, UsageReader>> = {
  input_tokens: (u) => u.inputTokens,
  output_tokens: (u) => u.outputTokens,
  cache_read_tokens: (u) => u.cacheReadTokens,
  cache_write_tokens: (u) => u.cacheWriteTokens,
  cache_write_1h_tokens: (u) => u.cacheWrite1hTokens,
  cache_write_5m_tokens: (u) => (u.cacheWriteTokens === undefined ? undefined : u.cacheWriteTokens - (u.cacheWrite1hTokens ?? 0)),
  output_reasoning_tokens: (u) => u.reasoningTokens,
  input_audio_tokens: (u) => u.inputAudioTokens,
  output_audio_tokens: (u) => u.outputAudioTokens,
  input_image_tokens: (u) => u.inputImageTokens,
  web_searches: (u) => u.units?.web_search_requests ?? u.units?.web_searches,
  // Perplexity reports citation tokens; they are part of output (the span mapper adds them to outputTokens).
  output_citation_tokens: (u) => u.units?.citation_tokens ?? u.units?.output_citation_tokens,
  // A per-request fee is charged once per priced call.
  requests: () => 1,
};

/** The reader for a catalog usage key, chosen once when a price set is compiled. */
export function readerFor(usageKey: string): UsageReader {
  return READERS[usageKey] ?? ((u) => u.units?.[usageKey]);
}
