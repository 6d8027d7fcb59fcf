// The price catalog: genai-prices provider data, validated and compiled to exact rates once at load.

import { waitForUpdate, type MatchLogic, type Provider } from '@pydantic/genai-prices';
import { fnv1a } from './hash.js';
import { compilePriceSet, type PriceSet, type RawPrice } from './price-set.js';

/** Version of the catalog bundled with this package (the pinned `@pydantic/genai-prices`). */
export const BUNDLED_CATALOG_VERSION = 'catalog@0.1.8';

type Matcher = (modelId: string) => boolean;

/** One price dictionary of a model, with the condition under which it applies and compiled forms cached on it. */
export interface PriceVariant {
  /** Whether the variant applies at a time in epoch ms. */
  applies?: (at: number) => boolean;
  prices: Readonly<Record<string, RawPrice | undefined>>;
  compiled?: PriceSet;
  /** Compiled sets for non-standard service tiers, by tier name. */
  byTier?: Map<string, PriceSet>;
}

/** One model's prices: variants chosen by the call's time (start dates, DeepSeek off-peak hours). */
export interface CatalogModel {
  id: string;
  matches: Matcher;
  variants: PriceVariant[];
}

export interface CatalogProvider {
  id: string;
  matchesProviderId?: Matcher;
  models: CatalogModel[];
  fallbacks: string[];
}

/** A validated, compiled catalog. Immutable: refresh by loading a new one. */
export interface Catalog {
  /** `catalog@0.1.8` for the bundled data, `catalog:<hash>` (or your label) for loaded data. */
  readonly version: string;
  readonly providers: ReadonlyMap<string, CatalogProvider>;
}

/**
 * Validates and compiles genai-prices provider data (`data.json` v2 shape, `Provider[]`), e.g. an operator's newer
 * copy fetched by the collector. Throws an Error naming the bad entry; callers keep their last good catalog.
 * @param data JSON text or the parsed array.
 * @param version label for `priceVersion`; `catalog:<hash of the data>` when absent.
 */
export function loadCatalog(data: string | unknown, version?: string): Catalog {
  const text = typeof data === 'string' ? data : undefined;
  const parsed: unknown = text === undefined ? data : JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('catalog: expected a non-empty array of providers');
  const providers = new Map<string, CatalogProvider>();
  parsed.forEach((p: unknown, i) => {
    const provider = compileProvider(p, i);
    providers.set(provider.id, provider);
  });
  return { version: version ?? `catalog:${fnv1a(text ?? JSON.stringify(parsed))}`, providers };
}

const BUNDLED_DATA = await waitForUpdate();
let bundled: Catalog | undefined;

/** The catalog bundled with `@pydantic/genai-prices` 0.1.8, compiled on first use. Never touches the network. */
export function bundledCatalog(): Catalog {
  bundled ??= loadCatalog(BUNDLED_DATA, BUNDLED_CATALOG_VERSION);
  return bundled;
}

function compileProvider(raw: unknown, index: number): CatalogProvider {
  const p = raw as Partial<Provider>;
  const where = `catalog: provider ${index}`;
  if (!isRecord(raw) || typeof p.id !== 'string' || !Array.isArray(p.models)) throw new Error(`${where}: needs id and models`);
  const models = p.models.map((m, j) => compileModel(m, `catalog: ${p.id} model ${j}`));
  return {
    id: p.id,
    matchesProviderId: p.provider_match ? compileMatch(p.provider_match, where) : undefined,
    models,
    fallbacks: Array.isArray(p.fallback_model_providers) ? p.fallback_model_providers.filter((f) => typeof f === 'string') : [],
  };
}

function compileModel(raw: unknown, where: string): CatalogModel {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !isRecord(raw.match)) throw new Error(`${where}: needs id and match`);
  const prices = raw.prices;
  const variants: PriceVariant[] = [];
  if (Array.isArray(prices)) {
    for (const v of prices) {
      if (!isRecord(v) || !isRecord(v.prices)) throw new Error(`${where} (${raw.id}): bad conditional price`);
      variants.push({
        applies: v.constraint === undefined ? undefined : compileConstraint(v.constraint, `${where} (${raw.id})`),
        prices: v.prices as Record<string, RawPrice>,
      });
    }
  } else if (isRecord(prices)) variants.push({ prices: prices as Record<string, RawPrice> });
  else throw new Error(`${where} (${raw.id}): needs prices`);
  return { id: raw.id, matches: compileMatch(raw.match as MatchLogic, `${where} (${raw.id})`), variants };
}

/**
 * The price variant in effect at `at`, as genai-prices picks it: the last variant whose constraint holds, else the
 * first.
 */
export function variantAt(model: CatalogModel, at: number): PriceVariant | undefined {
  if (model.variants.length === 1) return model.variants[0];
  for (let i = model.variants.length - 1; i >= 0; i--) {
    const v = model.variants[i];
    if (v && (!v.applies || v.applies(at))) return v;
  }
  return model.variants[0];
}

/** A variant's compiled price set, built on first use so loading a catalog stays cheap. */
export function compiledSet(variant: PriceVariant): PriceSet {
  variant.compiled ??= compilePriceSet(variant.prices);
  return variant.compiled;
}

function compileConstraint(c: unknown, where: string): (at: number) => boolean {
  if (isRecord(c) && typeof c.start_date === 'string') {
    const start = Date.parse(`${c.start_date}T00:00:00Z`);
    if (Number.isNaN(start)) throw new Error(`${where}: bad start_date`);
    return (at) => at >= start;
  }
  if (isRecord(c) && typeof c.start_time === 'string' && typeof c.end_time === 'string') {
    const start = secondOfDay(c.start_time, where);
    const end = secondOfDay(c.end_time, where);
    return (at) => {
      const s = (((at / 1000) % 86400) + 86400) % 86400;
      return end < start ? s >= start || s < end : s >= start && s < end;
    };
  }
  throw new Error(`${where}: unknown price constraint ${JSON.stringify(c)}`);
}

function secondOfDay(t: string, where: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(t);
  if (!m) throw new Error(`${where}: bad time ${t}`);
  const offset = m[4] === 'Z' ? 0 : (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 3600 + Number(m[7]) * 60);
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset + 86400) % 86400;
}

/** Compiles genai-prices match logic (case-insensitive, like the library) into a predicate. */
function compileMatch(logic: MatchLogic, where: string): Matcher {
  const l = logic as Record<string, unknown>;
  if (Array.isArray(l.or)) {
    const subs = l.or.map((s) => compileMatch(s as MatchLogic, where));
    return (id) => subs.some((f) => f(id));
  }
  if (Array.isArray(l.and)) {
    const subs = l.and.map((s) => compileMatch(s as MatchLogic, where));
    return (id) => subs.every((f) => f(id));
  }
  if (typeof l.equals === 'string') {
    const v = l.equals.toLowerCase();
    return (id) => id === v;
  }
  if (typeof l.starts_with === 'string') {
    const v = l.starts_with.toLowerCase();
    return (id) => id.startsWith(v);
  }
  if (typeof l.ends_with === 'string') {
    const v = l.ends_with.toLowerCase();
    return (id) => id.endsWith(v);
  }
  if (typeof l.contains === 'string') {
    const v = l.contains.toLowerCase();
    return (id) => id.includes(v);
  }
  if (typeof l.regex === 'string') {
    const re = new RegExp(l.regex);
    return (id) => re.test(id);
  }
  throw new Error(`${where}: unknown match ${JSON.stringify(logic)}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
