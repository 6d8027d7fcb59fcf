// Operator rules compiled for the hot path: custom prices with effective dates and app/org scope, org markups,
// unit prices over the shipped defaults, and model aliases.

import { breakdownOf, costOf } from './cost-engine.js';
import { fnv1a } from './hash.js';
import { divRoundHalfEven, femtoToUsd, parseDecimal, usdToFemto } from './money.js';
import { findAlias, modelCandidates } from './model-resolution.js';
import { compilePriceSet, makeRate, type PriceSet, type Rate } from './price-set.js';
import type { BreakdownLine, ModelAlias, PricedResult, PriceContext, PriceOverride, PricerOptions } from './types.js';
import { DEFAULT_UNIT_PRICES } from './unit-price-defaults.js';
import { compileUnitPrices, unitLine, type UnitRule } from './unit-pricing.js';
import type { Usage } from './usage.js';
import { hasTokens } from './usage-validation.js';

/** A compiled override: its scope, window and how it prices a call. */
export interface OverrideRule {
  rule: PriceOverride;
  /** `override:<hash of the entry>`: which entry priced a row. */
  version: string;
  from: number;
  to: number;
  price(u: Usage): PricedResult | string;
}

interface MarkupRule {
  org: string;
  from: number;
  to: number;
  num: bigint;
  den: bigint;
  version: string;
}

export interface CompiledRules {
  /** Hash of all operator rules, undefined when there are none. */
  hash: string | undefined;
  aliases: readonly ModelAlias[];
  unitPrices: readonly UnitRule[];
  hasMarkups: boolean;
  /** Overrides that can apply to (provider, model), most specific first. Cached by the pricer per pair. */
  overridesFor(provider: string, model: string | undefined, catalogModel: string | undefined): OverrideRule[];
  /** The first of `candidates` whose app, org, service tier and effective window fit the call. */
  pickOverride(candidates: readonly OverrideRule[], u: Usage, at: number, ctx: PriceContext): OverrideRule | undefined;
  markupFor(org: string, at: number): MarkupRule | undefined;
}

/**
 * Compiles operator rules. Fails fast on a bad entry (start-up config), naming it.
 * @throws Error such as `overrides[2] (openai/gpt-4o): invalid price for input_mtok`
 */
export function compileRules(options: PricerOptions): CompiledRules {
  const overrides = (options.overrides ?? []).map(compileOverride);
  const markups = (options.markups ?? []).map(compileMarkup);
  const unitPrices = compileUnitPrices(options.unitPrices ?? [], options.noDefaultUnitPrices ? [] : DEFAULT_UNIT_PRICES);
  const aliases = options.aliases ?? [];
  const any = overrides.length + markups.length + aliases.length + (options.unitPrices?.length ?? 0) > 0 || options.noDefaultUnitPrices;
  const hash = any
    ? fnv1a(JSON.stringify([options.overrides, options.markups, options.unitPrices, aliases, !!options.noDefaultUnitPrices]))
    : undefined;

  const specificity = (o: OverrideRule) => (o.rule.org ? 4 : 0) + (o.rule.app ? 2 : 0) + (o.rule.model === '*' ? 0 : 1);
  const overridesFor = (provider: string, model: string | undefined, catalogModel: string | undefined): OverrideRule[] => {
    if (overrides.length === 0) return [];
    const names = new Set(model === undefined ? [] : modelCandidates(model));
    const alias = model === undefined ? undefined : findAlias(aliases, provider, model);
    if (alias) names.add(alias.to.toLowerCase());
    if (catalogModel) names.add(catalogModel.toLowerCase());
    return overrides
      .filter((o) => o.rule.provider === provider && (o.rule.model === '*' || names.has(o.rule.model.toLowerCase())))
      .sort((a, b) => specificity(b) - specificity(a) || b.from - a.from);
  };

  return {
    hash,
    aliases,
    unitPrices,
    hasMarkups: markups.length > 0,
    overridesFor,
    pickOverride(candidates, u, at, ctx) {
      for (const o of candidates) {
        const r = o.rule;
        if (at < o.from || at >= o.to) continue;
        if ((r.app !== undefined && r.app !== ctx.app) || (r.org !== undefined && r.org !== ctx.org)) continue;
        if (r.serviceTier !== undefined && r.serviceTier !== (u.serviceTier ?? 'default')) continue;
        return o;
      }
      return undefined;
    },
    markupFor: (org, at) => markups.find((m) => m.org === org && at >= m.from && at < m.to),
  };
}

function compileOverride(rule: PriceOverride, i: number): OverrideRule {
  const where = `overrides[${i}] (${rule.provider}/${rule.model})`;
  const version = `override:${fnv1a(JSON.stringify(rule))}`;
  let set: PriceSet | undefined;
  if (rule.prices) {
    set = compilePriceSet(rule.prices);
    if (set.error) throw new Error(`${where}: ${set.error}`);
  }
  const units = new Map<string, Rate>();
  for (const [unit, usd] of Object.entries(rule.units ?? {})) {
    const d = parseDecimal(usd);
    if (!d) throw new Error(`${where}: units.${unit} must be a non-negative decimal string`);
    units.set(unit, makeRate(d, 1n));
  }
  if (!set && units.size === 0) throw new Error(`${where}: needs prices or units`);
  return {
    rule,
    version,
    from: rule.effectiveFrom ?? -Infinity,
    to: rule.effectiveTo ?? Infinity,
    price(u) {
      const lines: BreakdownLine[] = [];
      let total = 0n;
      if (set && hasTokens(u)) {
        const cost = costOf(set, u);
        if (typeof cost === 'string') return cost;
        lines.push(...breakdownOf(cost));
        total += BigInt(cost.femto);
      }
      for (const [unit, count] of Object.entries(u.units ?? {})) {
        const rate = units.get(unit);
        if (!rate) continue;
        const l = unitLine(unit, count, rate);
        lines.push(l.line);
        total += l.femto;
      }
      if (lines.length === 0) return 'the override prices none of the reported usage';
      const priced: PricedResult = {
        status: 'priced',
        costUsd: femtoToUsd(total),
        source: 'override',
        priceVersion: version,
        breakdown: lines,
      };
      if (rule.model !== '*') priced.pricedModel = rule.model;
      return priced;
    },
  };
}

function compileMarkup(m: { org: string; percent: string; effectiveFrom?: number; effectiveTo?: number }, i: number): MarkupRule {
  const negative = m.percent.trim().startsWith('-');
  const d = parseDecimal(m.percent.trim().replace(/^-/, ''));
  if (!d) throw new Error(`markups[${i}] (${m.org}): percent must be a decimal such as "20" or "-10"`);
  const hundred = 100n * 10n ** BigInt(d.scale);
  const num = negative ? hundred - d.int : hundred + d.int;
  if (num < 0n) throw new Error(`markups[${i}] (${m.org}): a discount cannot exceed 100%`);
  return {
    org: m.org,
    from: m.effectiveFrom ?? -Infinity,
    to: m.effectiveTo ?? Infinity,
    num,
    den: hundred,
    version: `markup:${fnv1a(JSON.stringify(m))}`,
  };
}

/**
 * Adds `chargeUsd` = cost × (100 + percent) / 100, rounded half-even to the femto-dollar; `costUsd` stays the cost.
 * @example 0.00045 with a 20% markup → chargeUsd "0.00054"
 */
export function applyMarkup(result: PricedResult, m: MarkupRule): PricedResult {
  const femto = usdToFemto(result.costUsd) ?? 0n;
  // `breakdown` may be a lazy getter (catalog results), which spread would not copy.
  return {
    ...result,
    breakdown: result.breakdown,
    chargeUsd: femtoToUsd(divRoundHalfEven(femto * m.num, m.den)),
    priceVersion: `${result.priceVersion}+${m.version}`,
  };
}
