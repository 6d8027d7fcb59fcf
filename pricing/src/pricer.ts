// createPricer: the one entry point. Chooses the source of a call's cost (override, reported, catalog, unit table),
// caches (provider, model) resolution, and returns an exact cost or the reason there is none.

import { bundledCatalog, variantAt } from './catalog.js';
import { breakdownOf, costOf, type Cost } from './cost-engine.js';
import { femtoToUsd } from './money.js';
import { resolveModel, type Resolved } from './model-resolution.js';
import { reportedCost } from './reported-cost.js';
import { applyMarkup, compileRules, type CompiledRules, type OverrideRule } from './rules.js';
import { serviceTierPriceSet } from './service-tiers.js';
import { priceUnits } from './unit-pricing.js';
import type { BreakdownLine, PricedResult, PriceContext, Pricer, PricerOptions, PriceResult } from './types.js';
import type { Usage } from './usage.js';
import { hasTokens, usageProblem } from './usage-validation.js';

/** What a (provider, model) pair resolves to, computed once and cached. */
interface Resolution {
  catalog: Resolved | undefined;
  overrides: OverrideRule[];
}

// Model ids come from untrusted spans: bound the cache so a flood of distinct ids cannot grow memory without limit.
const MAX_CACHED = 10_000;

/**
 * Creates a pricer over a catalog (the bundled one by default) and operator rules. Pure: it never reads files or the
 * network; the collector passes parsed prices files (`parsePricesFile`) and refreshed catalogs (`loadCatalog`).
 * @example
 * const pricer = createPricer();
 * pricer.price({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 500 }, { at: Date.now() }).costUsd
 * // "0.00045"
 */
export function createPricer(options: PricerOptions = {}): Pricer {
  const catalog = options.catalog ?? bundledCatalog();
  const rules = compileRules(options);
  const version = rules.hash ? `${catalog.version}+rules:${rules.hash}` : catalog.version;
  // provider → model → resolution: two lookups, no key string to build on the hot path.
  const cache = new Map<string, Map<string, Resolution>>();
  let cached = 0;

  const resolve = (provider: string, model: string): Resolution => {
    let models = cache.get(provider);
    let r = models?.get(model);
    if (r === undefined) {
      const found = resolveModel(catalog, rules.aliases, provider, model);
      r = { catalog: found, overrides: rules.overridesFor(provider, model, found?.model.id) };
      if (cached >= MAX_CACHED) {
        cache.clear();
        cached = 0;
        models = undefined;
      }
      if (!models) cache.set(provider, (models = new Map()));
      models.set(model, r);
      cached++;
    }
    return r;
  };

  const unpriced = (reason: string): PriceResult => ({ status: 'unpriced', reason, priceVersion: version });

  const priceOne = (u: Usage, at: number, ctx: PriceContext): PriceResult => {
    const problem = usageProblem(u);
    if (problem) return unpriced(problem);
    const r = u.model === undefined ? undefined : resolve(u.provider, u.model);
    const override = rules.pickOverride(r?.overrides ?? rules.overridesFor(u.provider, undefined, undefined), u, at, ctx);
    if (override) {
      const cost = override.price(u);
      return typeof cost === 'string' ? unpriced(`${cost} (${override.version})`) : cost;
    }
    const reported = reportedCost(u);
    if (reported) return 'status' in reported ? reported : unpriced(reported.reason);
    if (r?.catalog && hasTokens(u)) {
      const variant = variantAt(r.catalog.model, at);
      if (!variant) return unpriced(`catalog entry ${r.catalog.provider.id}/${r.catalog.model.id} has no prices`);
      const tiered = serviceTierPriceSet(r.catalog, variant, u.serviceTier);
      if (typeof tiered === 'string') return unpriced(tiered);
      if (tiered.set.error) return unpriced(`${tiered.set.error} (${r.catalog.provider.id}/${r.catalog.model.id})`);
      const cost = costOf(tiered.set, u);
      if (typeof cost === 'string') return unpriced(cost);
      const version = tiered.version ? `${catalog.version}+${tiered.version}` : catalog.version;
      return new CatalogPriced(femtoToUsd(cost.femto), version, r.catalog.model.id, cost);
    }
    const units = u.units && hasUnits(u.units) ? priceUnits(rules.unitPrices, u, at) : undefined;
    if (units && typeof units !== 'string') return units;
    if (hasTokens(u))
      return unpriced(u.model === undefined ? `no model reported for ${u.provider}` : `no price for ${u.provider}/${u.model}`);
    return unpriced(units ?? `no usage reported for ${u.provider}${u.model === undefined ? '' : `/${u.model}`}`);
  };

  return {
    version,
    catalog,
    price(usage: Usage, ctx: PriceContext): PriceResult {
      const at = typeof ctx.at === 'number' ? ctx.at : ctx.at.getTime();
      if (!Number.isFinite(at)) return unpriced('invalid call time');
      const result = priceOne(usage, at, ctx);
      if (result.status !== 'priced' || ctx.org === undefined || !rules.hasMarkups) return result;
      return withMarkup(result, rules, ctx.org, at);
    },
  };
}

function withMarkup(result: PricedResult, rules: CompiledRules, org: string, at: number): PricedResult {
  const markup = rules.markupFor(org, at);
  return markup ? applyMarkup(result, markup) : result;
}

/**
 * A catalog-priced result whose breakdown is built on first read: formatting the lines is most of the cost of a
 * price, and most callers store only the total. JSON.stringify includes the breakdown (toJSON); object spread does
 * not copy a getter, so spread `result.toJSON()` instead.
 */
class CatalogPriced implements PricedResult {
  readonly status = 'priced';
  readonly source = 'catalog';
  #cost: Cost;
  #lines: BreakdownLine[] | undefined;

  constructor(
    readonly costUsd: string,
    readonly priceVersion: string,
    readonly pricedModel: string,
    cost: Cost,
  ) {
    this.#cost = cost;
  }

  get breakdown(): BreakdownLine[] {
    this.#lines ??= breakdownOf(this.#cost);
    return this.#lines;
  }

  toJSON(): PricedResult {
    const { status, costUsd, source, priceVersion, breakdown, pricedModel } = this;
    return { status, costUsd, source, priceVersion, breakdown, pricedModel };
  }
}

function hasUnits(units: Record<string, number>): boolean {
  for (const _ in units) return true;
  return false;
}
