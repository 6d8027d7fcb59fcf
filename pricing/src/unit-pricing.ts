// Prices non-token units (credits, characters, seconds, requests, billable units) from a unit-price table.

import { bigCost } from './cost-engine.js';
import { fnv1a } from './hash.js';
import { femtoToUsd, parseDecimal } from './money.js';
import { makeRate, type Rate } from './price-set.js';
import type { BreakdownLine, PricedResult, UnitPrice } from './types.js';
import { UNIT_PRICES_AS_OF } from './unit-price-defaults.js';
import type { Usage } from './usage.js';

/** A unit price ready to apply. */
export interface UnitRule {
  provider: string;
  unit: string;
  model?: string;
  rate: Rate;
  from: number;
  to: number;
  version: string;
}

/**
 * Compiles unit prices; operator entries are listed before the shipped defaults so they win.
 * @throws Error naming the entry when a price is not a non-negative decimal or `per` is not a positive integer.
 */
export function compileUnitPrices(operator: readonly UnitPrice[], defaults: readonly UnitPrice[]): UnitRule[] {
  const compile = (p: UnitPrice, i: number, version: string | undefined): UnitRule => {
    const d = parseDecimal(p.usd);
    const per = p.per ?? 1;
    if (!d)
      throw new Error(
        `unit_prices[${i}] (${p.provider}/${p.unit}): usd must be a non-negative decimal string, got ${JSON.stringify(p.usd)}`,
      );
    if (!Number.isSafeInteger(per) || per <= 0)
      throw new Error(`unit_prices[${i}] (${p.provider}/${p.unit}): per must be a positive integer`);
    return {
      provider: p.provider,
      unit: p.unit,
      model: p.model,
      rate: makeRate(d, BigInt(per)),
      from: p.effectiveFrom ?? -Infinity,
      to: p.effectiveTo ?? Infinity,
      version: version ?? `unit:${fnv1a(JSON.stringify(p))}`,
    };
  };
  return [...operator.map((p, i) => compile(p, i, undefined)), ...defaults.map((p, i) => compile(p, i, `units@${UNIT_PRICES_AS_OF}`))];
}

/** The unit price for (provider, unit, model) in effect at `at`: model-specific first, then any-model. */
export function findUnitRule(
  rules: readonly UnitRule[],
  provider: string,
  unit: string,
  model: string | undefined,
  at: number,
): UnitRule | undefined {
  let general: UnitRule | undefined;
  for (const r of rules) {
    if (r.provider !== provider || r.unit !== unit || at < r.from || at >= r.to) continue;
    if (r.model === undefined) general ??= r;
    else if (r.model === model) return r;
  }
  return general;
}

/** One breakdown line for `count` units at `rate`, with its exact femto cost. */
export function unitLine(unit: string, count: number, rate: Rate): { line: BreakdownLine; femto: bigint } {
  const femto = bigCost(count, rate);
  return { line: { component: unit, units: count, unitPriceUsd: rate.usd, costUsd: femtoToUsd(femto) }, femto };
}

/**
 * Prices every unit in `u.units` from the table.
 * @returns the priced result, or the reason when some unit has no price.
 */
export function priceUnits(rules: readonly UnitRule[], u: Usage, at: number): PricedResult | string {
  const lines: BreakdownLine[] = [];
  const versions = new Set<string>();
  let total = 0n;
  for (const [unit, count] of Object.entries(u.units ?? {})) {
    const rule = findUnitRule(rules, u.provider, unit, u.model, at);
    if (!rule) return `no unit price for ${u.provider}/${unit}${u.model ? ` (${u.model})` : ''}`;
    const { line, femto } = unitLine(unit, count, rule.rate);
    lines.push(line);
    total += femto;
    versions.add(rule.version);
  }
  if (lines.length === 0) return `no usage reported for ${u.provider}`;
  // Shipped defaults are list prices (like the catalog); an operator's entry is an override.
  const source = [...versions].every((v) => v.startsWith('units@')) ? 'catalog' : 'override';
  return { status: 'priced', costUsd: femtoToUsd(total), source, priceVersion: [...versions].join('+'), breakdown: lines };
}
