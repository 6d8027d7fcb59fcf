// The hot path: prices a Usage against a compiled price set, exactly, in integer femto-dollars.

import { divRoundHalfEven, femtoToUsd, floatToDecimal, parseDecimal } from './money.js';
import type { Component, PriceSet, Rate } from './price-set.js';
import type { BreakdownLine } from './types.js';
import type { Usage } from './usage.js';

/** The catalog usage key → how to read it from our semconv-shaped Usage. Other keys come from `usage.units`. */
const READERS: Record<string, (u: Usage) => number | undefined> = {
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
  // A per-request fee is charged once per priced call.
  requests: () => 1,
};

/** Reads the catalog usage key `key` from a Usage. */
export function readUsage(u: Usage, key: string): number | undefined {
  const reader = READERS[key];
  return reader ? reader(u) : u.units?.[key];
}

export interface Cost {
  femto: number | bigint;
  lines: BreakdownLine[];
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
  const leaves = new Array<number>(n);
  const inputTotal = u.inputTokens ?? 0;
  let total = 0;
  let exact = true;
  for (let i = 0; i < n; i++) {
    const c = comps[i] as Component;
    const reported = readUsage(u, c.usageKey);
    let leaf = reported ?? 0;
    for (const j of c.parts) leaf -= leaves[j] as number;
    if (leaf < 0) return overlapReason(c, reported ?? 0, comps, leaves);
    leaves[i] = leaf;
    if (leaf === 0) continue;
    const rate = rateAt(c, inputTotal);
    const cost = leaf * rate.fast;
    // NaN (fractional rate or count) or beyond 2^53 falls through to exact BigInt arithmetic below.
    if (cost <= Number.MAX_SAFE_INTEGER && Number.isInteger(cost)) total += cost;
    else exact = false;
  }
  if (exact && total <= Number.MAX_SAFE_INTEGER) return { femto: total, lines: lines(comps, leaves, inputTotal, undefined) };
  const femtos = comps.map((c, i) => (leaves[i] === 0 ? 0n : bigCost(leaves[i] as number, rateAt(c, inputTotal))));
  return { femto: femtos.reduce((a, b) => a + b, 0n), lines: lines(comps, leaves, inputTotal, femtos) };
}

function rateAt(c: Component, inputTotal: number): Rate {
  if (c.tiers.length === 0) return c.base;
  let rate = c.base;
  for (const t of c.tiers) if (inputTotal > t.start) rate = t.rate;
  return rate;
}

function lines(comps: Component[], leaves: number[], inputTotal: number, femtos: bigint[] | undefined): BreakdownLine[] {
  const out: BreakdownLine[] = [];
  for (let i = 0; i < comps.length; i++) {
    const leaf = leaves[i] as number;
    if (leaf === 0) continue;
    const c = comps[i] as Component;
    const rate = rateAt(c, inputTotal);
    const femto = femtos ? (femtos[i] as bigint) : leaf * rate.fast;
    out.push({ component: c.name, units: leaf, unitPriceUsd: rate.usd, costUsd: femtoToUsd(femto) });
  }
  return out;
}

// Exact count × num / den, rounded half-even to the femto-dollar only when the rate or a fractional count needs it.
function bigCost(count: number, rate: Rate): bigint {
  if (Number.isInteger(count)) return divRoundHalfEven(BigInt(count) * rate.num, rate.den);
  const d = parseDecimal(floatToDecimal(count) ?? '');
  if (!d) throw new RangeError(`count ${count} is not a finite non-negative number`);
  return divRoundHalfEven(d.int * rate.num, rate.den * 10n ** BigInt(d.scale));
}

function overlapReason(c: Component, reported: number, comps: Component[], leaves: number[]): string {
  const parts = c.parts.map((j) => `${(comps[j] as Component).usageKey} ${leaves[j]}`).join(' + ');
  return `${parts} exceed ${c.usageKey} ${reported}`;
}
