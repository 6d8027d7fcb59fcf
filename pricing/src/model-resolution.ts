// Finds the catalog entry for a (provider, model) pair as spans report them: semconv provider ids, dated and
// prefixed model ids, OpenRouter vendor/model ids, and operator aliases.

import type { Catalog, CatalogModel, CatalogProvider } from './catalog.js';
import type { ModelAlias } from './types.js';

/** GenAI semconv `gen_ai.provider.name` values (and common spellings) → genai-prices provider ids. */
const CATALOG_PROVIDER: Readonly<Record<string, string>> = {
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  gemini: 'google',
  vertex_ai: 'google',
  'aws.bedrock': 'aws',
  bedrock: 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'az.ai.openai': 'azure',
  'az.ai.inference': 'azure',
  mistral_ai: 'mistral',
  mistralai: 'mistral',
  x_ai: 'x-ai',
  xai: 'x-ai',
  moonshot: 'moonshotai',
};

/** The catalog provider for one of our provider ids, or undefined. */
export function catalogProvider(catalog: Catalog, provider: string): CatalogProvider | undefined {
  const id = provider.toLowerCase().trim();
  const mapped = CATALOG_PROVIDER[id] ?? id;
  const direct = catalog.providers.get(mapped) ?? catalog.providers.get(mapped.replace(/_/g, '-'));
  if (direct) return direct;
  for (const p of catalog.providers.values()) if (p.matchesProviderId?.(id)) return p;
  return undefined;
}

/** A resolved catalog entry and the provider it was found under. */
export interface Resolved {
  provider: CatalogProvider;
  model: CatalogModel;
}

const DATE_SUFFIX = /(?:-|@)(?:20\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01]))$/;
const COMPACT_DATE = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|@|$)/g;

/**
 * Ids to try for a reported model, most literal first: `models/gemini-2.0-flash` → `gemini-2.0-flash`;
 * `gpt-4o-2024-08-06` → also `gpt-4o`; `claude-sonnet-4-20250514` → also `claude-sonnet-4-2025-05-14`, `claude-sonnet-4`;
 * a Vertex or Bedrock resource path → its last segment.
 */
export function modelCandidates(model: string): string[] {
  const out: string[] = [];
  const add = (m: string) => {
    if (m && !out.includes(m)) out.push(m);
  };
  let m = model.toLowerCase().trim();
  add(m);
  const modelsAt = m.lastIndexOf('models/');
  if (modelsAt >= 0) add((m = m.slice(modelsAt + 'models/'.length)));
  else if (m.includes('/') && (m.startsWith('projects/') || m.startsWith('arn:'))) add((m = m.slice(m.lastIndexOf('/') + 1)));
  add(m.replace(COMPACT_DATE, '-$1-$2-$3'));
  add(m.replace(DATE_SUFFIX, ''));
  return out;
}

/** The first model of `provider` (then its fallback providers) matching one of the candidates. */
function findModel(catalog: Catalog, provider: CatalogProvider, candidates: string[], depth = 0): Resolved | undefined {
  for (const c of candidates) {
    const model = provider.models.find((m) => m.matches(c));
    if (model) return { provider, model };
  }
  if (depth > 0) return undefined;
  for (const f of provider.fallbacks) {
    const fb = catalog.providers.get(f);
    const hit = fb && findModel(catalog, fb, candidates, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Resolves (provider, model) to a catalog entry: operator aliases first, then the provider's own catalog, then for
 * `vendor/model` ids (OpenRouter, Together, Groq) the vendor's catalog with the bare model id.
 */
export function resolveModel(catalog: Catalog, aliases: readonly ModelAlias[], provider: string, model: string): Resolved | undefined {
  const alias = findAlias(aliases, provider, model);
  if (alias) return resolveModel(catalog, [], alias.toProvider ?? provider, alias.to);
  const candidates = modelCandidates(model);
  const own = catalogProvider(catalog, provider);
  const hit = own && findModel(catalog, own, candidates);
  if (hit) return hit;
  const last = candidates[candidates.length - 1] ?? '';
  const slash = last.indexOf('/');
  if (slash <= 0) return undefined;
  const vendor = catalogProvider(catalog, last.slice(0, slash));
  const bare = modelCandidates(last.slice(slash + 1));
  return (vendor && findModel(catalog, vendor, bare)) || (own && findModel(catalog, own, bare)) || undefined;
}

/** The alias for (provider, model), case-insensitive; provider-specific aliases win over global ones. */
export function findAlias(aliases: readonly ModelAlias[], provider: string, model: string): ModelAlias | undefined {
  const m = model.toLowerCase();
  let global: ModelAlias | undefined;
  for (const a of aliases) {
    if (a.model.toLowerCase() !== m) continue;
    if (a.provider === provider) return a;
    if (a.provider === undefined) global ??= a;
  }
  return global;
}
