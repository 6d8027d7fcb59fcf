// The hot path: prices a Usage against a compiled price set, exactly, in integer femto-dollars.

import { divRoundHalfEven, femtoToUsd, floatToDecimal, parseDecimal } from './money.js';
import type { Component, PriceSet, Rate } from './price-set.js';
import type { BreakdownLine } from './types.js';
import type { Usage } from './usage.js';

// Leaf counts of the call being priced. price() is synchronous and never re-entered, so one buffer serves every
// call; the breakdown keeps its own copy.
let leaves = new Float64Array(16);

/** A priced call: the exact total and what breakdownOf needs to build the lines later, on demand. */
export interface Cost {
  femto: number | bigint;
  set: PriceSet;
  /** Leaf count per component of `set`. */
  counts: number[];
  inputTotal: number;
}

/**
 * Prices `u` with `set`. Each priced unit is charged for the tokens not already charged to a more specific priced
 * unit inside it: with input 0.15, cache read 0.075 and 1000 input tokens of which 400 cached, input is charged
 * 600 × 0.15/M and cache read 400 × 0.075/M. Tiers are chosen once from total input tokens and apply to every unit,
 * as in genai-prices' engine (`calcPrice`: tier price used when input_tokens > tier.start).
 * @returns the cost, or a reason string when the usage contradicts itself.
 */
export function costOf(set: PriceSet, u: Usage): Cost | string {
  const comps = set.components;
  const n = comps.length;
  if (leaves.length < n) leaves = new Float64Array(n * 2);
  const inputTotal = u.inputTokens ?? 0;
  let total = 0;
  let exact = true;
  for (let i = 0; i < n; i++) {
    const c = comps[i] as Component;
    const reported = c.read(u);
    let leaf = reported ?? 0;
    const parts = c.parts;
    for (let k = 0; k < parts.length; k++) leaf -= leaves[parts[k] as number] as number;
    if (leaf < 0) return overlapReason(c, reported ?? 0, comps);
    leaves[i] = leaf;
    if (leaf === 0) continue;
    const rate = c.tiers.length === 0 ? c.base : rateAt(c, inputTotal);
    const cost = leaf * rate.fast;
    // NaN (fractional rate or count) or beyond 2^53 falls through to exact BigInt arithmetic below.
    if (cost <= Number.MAX_SAFE_INTEGER && Number.isInteger(cost)) total += cost;
    else exact = false;
  }
  const counts = new Array<number>(n);
  for (let i = 0; i < n; i++) counts[i] = leaves[i] as number;
  if (exact && total <= Number.MAX_SAFE_INTEGER) return { femto: total, set, counts, inputTotal };
  let sum = 0n;
  for (let i = 0; i < n; i++) if (counts[i] !== 0) sum += bigCost(counts[i] as number, rateAt(comps[i] as Component, inputTotal));
  return { femto: sum, set, counts, inputTotal };
}

function rateAt(c: Component, inputTotal: number): Rate {
  let rate = c.base;
  for (const t of c.tiers) if (inputTotal > t.start) rate = t.rate;
  return rate;
}

/** The disjoint lines of a cost, most specific unit first; they sum exactly to the total. */
export function breakdownOf(cost: Cost): BreakdownLine[] {
  const out: BreakdownLine[] = [];
  const comps = cost.set.components;
  const fast = typeof cost.femto === 'number';
  for (let i = 0; i < comps.length; i++) {
    const leaf = cost.counts[i] as number;
    if (leaf === 0) continue;
    const c = comps[i] as Component;
    const rate = rateAt(c, cost.inputTotal);
    const femto = fast ? leaf * rate.fast : bigCost(leaf, rate);
    out.push({ component: c.name, units: leaf, unitPriceUsd: rate.usd, costUsd: femtoToUsd(femto) });
  }
  return out;
}

/** Exact count × rate in femto-dollars, rounded half-even only when the rate or a fractional count needs it. */
export function bigCost(count: number, rate: Rate): bigint {
  if (Number.isInteger(count)) return divRoundHalfEven(BigInt(count) * rate.num, rate.den);
  const d = parseDecimal(floatToDecimal(count) ?? '');
  if (!d) throw new RangeError(`count ${count} is not a finite non-negative number`);
  return divRoundHalfEven(d.int * rate.num, rate.den * 10n ** BigInt(d.scale));
}

function overlapReason(c: Component, reported: number, comps: Component[]): string {
  const parts = c.parts.map((j) => `${(comps[j] as Component).usageKey} ${leaves[j]}`).join(' + ');
  return `${parts} exceed ${c.usageKey} ${reported}`;
}
