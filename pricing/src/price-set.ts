// Compiles one catalog price dictionary ({ input_mtok: 0.15, ... }) into exact rates and a decomposition plan.

import { CATALOG_UNITS, isPartOf, overlaps, type UnitDef } from './catalog-units.js';
import { readerFor, type UsageReader } from './usage-readers.js';
import { femtoFraction, femtoToUsd, floatToDecimal, parseDecimal, divRoundHalfEven, type ScaledDecimal } from './money.js';

/** An exact price per single unit: num/den femto-dollars. `fast` is num as a Number when den is 1 and num is safe. */
export interface Rate {
  num: bigint;
  den: bigint;
  fast: number;
  /** USD per single unit, exact when it terminates, else rounded to 18 decimals. */
  usd: string;
}

/** One priced unit of a price set. */
export interface Component {
  /** Name in the breakdown: the usage key without `_tokens` (`input`, `cache_read`, `web_searches`). */
  name: string;
  usageKey: string;
  read: UsageReader;
  base: Rate;
  /** Long-context tiers, ascending: a tier applies when total input tokens exceed `start`, to every unit. */
  tiers: Array<{ start: number; rate: Rate }>;
  /** Indices (into the set's components) of priced units nested directly or indirectly inside this one. */
  parts: number[];
}

/** A compiled price dictionary: components ordered most specific first, or the reason it cannot price. */
export interface PriceSet {
  components: Component[];
  error?: string;
}

/** A price value as the catalog or a prices file gives it: a number, a decimal string, or tiers. */
export type RawPrice = number | string | { base: number | string; tiers: Array<{ start: number; price: number | string }> };

const CATALOG_DECIMALS = 9;

/**
 * Reads a price as an exact decimal. Catalog floats are read as their shortest decimal and rounded half-even to
 * 9 places (1e-15 USD per token for `_mtok` keys): only float artefacts such as 0.18000000000000002 are affected.
 */
export function priceDecimal(value: number | string): ScaledDecimal | undefined {
  const text = typeof value === 'number' ? floatToDecimal(value) : value;
  const d = text === undefined ? undefined : parseDecimal(text);
  if (!d || d.scale <= CATALOG_DECIMALS) return d;
  return { int: divRoundHalfEven(d.int, 10n ** BigInt(d.scale - CATALOG_DECIMALS)), scale: CATALOG_DECIMALS };
}

/** Builds the exact per-unit rate for a decimal price quoted per `per` units, times an optional fraction. */
export function makeRate(d: ScaledDecimal, per: bigint, mulNum = 1n, mulDen = 1n): Rate {
  const f = femtoFraction({ int: d.int * mulNum, scale: d.scale }, per * mulDen);
  const fast = f.den === 1n && f.num <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(f.num) : Number.NaN;
  return { num: f.num, den: f.den, fast, usd: f.den === 1n ? femtoToUsd(f.num) : attoText(f.num, f.den) };
}

// A per-unit price that does not terminate at femto precision (per-hour prices divided by 3600) is shown to 18 places.
function attoText(num: bigint, den: bigint): string {
  const atto = divRoundHalfEven(num * 1000n, den);
  const s = atto.toString().padStart(19, '0');
  return `${s.slice(0, -18)}.${s.slice(-18)}`.replace(/\.?0+$/, '');
}

/**
 * Compiles a price dictionary. `mul` scales every token price (OpenAI batch and flex are half price: 1/2).
 * @example compilePriceSet({ input_mtok: 0.15, output_mtok: 0.6 }).components[0].base.fast // 150000000 femto per token
 */
export function compilePriceSet(prices: Readonly<Record<string, RawPrice | undefined>>, mul?: { num: bigint; den: bigint }): PriceSet {
  const entries: Array<{ unit: UnitDef; c: Component }> = [];
  for (const [key, raw] of Object.entries(prices)) {
    if (raw === undefined) continue;
    const unit = CATALOG_UNITS[key];
    if (!unit) return { components: [], error: `unsupported price key ${key}` };
    const scale = mul && unit.dimensions.family === 'tokens' ? mul : { num: 1n, den: 1n };
    const rate = (v: number | string): Rate | undefined => {
      const d = priceDecimal(v);
      return d && makeRate(d, unit.per, scale.num, scale.den);
    };
    const base = typeof raw === 'object' ? rate(raw.base) : rate(raw);
    if (!base) return { components: [], error: `invalid price for ${key}` };
    const tiers: Component['tiers'] = [];
    if (typeof raw === 'object') {
      for (const t of raw.tiers) {
        const r = rate(t.price);
        if (!r || !Number.isSafeInteger(t.start) || t.start < 0) return { components: [], error: `invalid tier for ${key}` };
        tiers.push({ start: t.start, rate: r });
      }
      tiers.sort((a, b) => a.start - b.start);
    }
    entries.push({
      unit,
      c: { name: unit.usageKey.replace(/_tokens$/, ''), usageKey: unit.usageKey, read: readerFor(unit.usageKey), base, tiers, parts: [] },
    });
  }
  entries.sort((a, b) => Object.keys(b.unit.dimensions).length - Object.keys(a.unit.dimensions).length);
  const error = missingJoin(entries.map((e) => e.unit));
  if (error) return { components: [], error };
  entries.forEach((outer, i) => {
    outer.c.parts = entries.flatMap((inner, j) => (j !== i && isPartOf(inner.unit, outer.unit) ? [j] : []));
  });
  return { components: entries.map((e) => e.c) };
}

// Two priced units that can share tokens (audio input and cache reads) need their overlap priced too, or a token
// would be counted in both; genai-prices rejects such entries and so do we.
function missingJoin(units: UnitDef[]): string | undefined {
  for (const a of units)
    for (const b of units) {
      if (a === b || !overlaps(a, b) || isPartOf(a, b) || isPartOf(b, a)) continue;
      const joint = { ...a.dimensions, ...b.dimensions };
      const size = Object.keys(joint).length;
      const priced = units.some(
        (u) => Object.keys(u.dimensions).length === size && Object.entries(joint).every(([k, v]) => u.dimensions[k] === v),
      );
      if (!priced) return `catalog entry prices ${a.usageKey} and ${b.usageKey} but not their overlap`;
    }
  return undefined;
}
