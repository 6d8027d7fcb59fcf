// The catalog's price keys we understand: which usage each one prices, per how many units, and how units nest.

/**
 * One priced unit, mirroring genai-prices `prices/units.yml` (the package does not export it). A unit nests inside
 * another when its dimensions are a superset: `cache_read_tokens` {input, tokens, cache_read} is part of
 * `input_tokens` {input, tokens}, so the engine prices each token once, at its most specific priced unit.
 */
export interface UnitDef {
  /** Usage key the catalog's usage dictionary would carry, e.g. `cache_read_tokens`. */
  usageKey: string;
  /** How many units the price is quoted for (1e6 for `_mtok`, 1e3 for `_kcount`, 3600 for `_hours`). */
  per: bigint;
  dimensions: Readonly<Record<string, string>>;
}

const tokens = (direction: 'input' | 'output', extra: Record<string, string> = {}) => ({ direction, family: 'tokens', ...extra });

/** Price key → unit. Any other key in a catalog entry makes that entry unpriced with a reason, never silently zero. */
export const CATALOG_UNITS: Readonly<Record<string, UnitDef>> = {
  input_mtok: { usageKey: 'input_tokens', per: 1_000_000n, dimensions: tokens('input') },
  output_mtok: { usageKey: 'output_tokens', per: 1_000_000n, dimensions: tokens('output') },
  cache_read_mtok: { usageKey: 'cache_read_tokens', per: 1_000_000n, dimensions: tokens('input', { token_type: 'cache_read' }) },
  cache_write_mtok: { usageKey: 'cache_write_tokens', per: 1_000_000n, dimensions: tokens('input', { token_type: 'cache_write' }) },
  cache_write_1h_mtok: {
    usageKey: 'cache_write_1h_tokens',
    per: 1_000_000n,
    dimensions: tokens('input', { token_type: 'cache_write', cache_ttl: '1h' }),
  },
  cache_write_5m_mtok: {
    usageKey: 'cache_write_5m_tokens',
    per: 1_000_000n,
    dimensions: tokens('input', { token_type: 'cache_write', cache_ttl: '5m' }),
  },
  input_audio_mtok: { usageKey: 'input_audio_tokens', per: 1_000_000n, dimensions: tokens('input', { modality: 'audio' }) },
  output_audio_mtok: { usageKey: 'output_audio_tokens', per: 1_000_000n, dimensions: tokens('output', { modality: 'audio' }) },
  cache_audio_read_mtok: {
    usageKey: 'cache_audio_read_tokens',
    per: 1_000_000n,
    dimensions: tokens('input', { modality: 'audio', token_type: 'cache_read' }),
  },
  input_image_mtok: { usageKey: 'input_image_tokens', per: 1_000_000n, dimensions: tokens('input', { modality: 'image' }) },
  output_image_mtok: { usageKey: 'output_image_tokens', per: 1_000_000n, dimensions: tokens('output', { modality: 'image' }) },
  cache_image_read_mtok: {
    usageKey: 'cache_image_read_tokens',
    per: 1_000_000n,
    dimensions: tokens('input', { modality: 'image', token_type: 'cache_read' }),
  },
  input_video_mtok: { usageKey: 'input_video_tokens', per: 1_000_000n, dimensions: tokens('input', { modality: 'video' }) },
  output_video_mtok: { usageKey: 'output_video_tokens', per: 1_000_000n, dimensions: tokens('output', { modality: 'video' }) },
  output_reasoning_mtok: {
    usageKey: 'output_reasoning_tokens',
    per: 1_000_000n,
    dimensions: tokens('output', { token_type: 'reasoning' }),
  },
  output_citation_mtok: {
    usageKey: 'output_citation_tokens',
    per: 1_000_000n,
    dimensions: tokens('output', { token_type: 'citation' }),
  },
  web_searches_kcount: { usageKey: 'web_searches', per: 1000n, dimensions: { family: 'tool_calls', tool_type: 'web_search' } },
  storage_searches_kcount: {
    usageKey: 'storage_searches',
    per: 1000n,
    dimensions: { family: 'tool_calls', tool_type: 'storage_search' },
  },
  requests_kcount: { usageKey: 'requests', per: 1000n, dimensions: { family: 'requests' } },
  audio_hours: { usageKey: 'audio_seconds', per: 3600n, dimensions: { family: 'durations', modality: 'audio' } },
  input_audio_hours: {
    usageKey: 'input_audio_seconds',
    per: 3600n,
    dimensions: { direction: 'input', family: 'durations', modality: 'audio' },
  },
  input_document_kpages: { usageKey: 'input_document_pages', per: 1000n, dimensions: { direction: 'input', family: 'document_pages' } },
  input_annotated_document_kpages: {
    usageKey: 'input_annotated_document_pages',
    per: 1000n,
    dimensions: { direction: 'input', family: 'document_pages', page_type: 'annotated' },
  },
  input_text_messages_kcount: {
    usageKey: 'input_text_messages',
    per: 1000n,
    dimensions: { direction: 'input', family: 'messages', modality: 'text' },
  },
};

/** True when `inner` is a strict part of `outer` (its dimensions extend outer's). */
export function isPartOf(inner: UnitDef, outer: UnitDef): boolean {
  if (inner === outer) return false;
  for (const [k, v] of Object.entries(outer.dimensions)) if (inner.dimensions[k] !== v) return false;
  return true;
}

/** True when two units can hold the same token (no dimension disagrees), e.g. audio input and cache reads. */
export function overlaps(a: UnitDef, b: UnitDef): boolean {
  for (const [k, v] of Object.entries(a.dimensions)) {
    const w = b.dimensions[k];
    if (w !== undefined && w !== v) return false;
  }
  return true;
}
