// Parses and validates a prices file (YAML or JSON; COSTTRACE_PRICES, the /v1/prices API) into PriceRules.
// Every error names the entry and field, so an operator can fix the file without guessing.

import { parse as parseYaml } from 'yaml';
import { CATALOG_UNITS } from './catalog-units.js';
import { compileRules } from './rules.js';
import { floatToDecimal, parseDecimal } from './money.js';
import type { RawPrice } from './price-set.js';
import type { ModelAlias, OrgMarkup, PriceOverride, PriceRules, UnitPrice } from './types.js';

type Obj = Record<string, unknown>;

/**
 * Parses prices-file text. Prices may be numbers or (better, for more than 15 significant digits) decimal strings.
 * @throws Error like `overrides[1].prices.input_mtok: expected a non-negative decimal, got "abc"`
 * @example parsePricesFile('overrides:\n  - { provider: openai, model: gpt-4o, prices: { input_mtok: "2.00", output_mtok: "8" } }', 'yaml')
 */
export function parsePricesFile(text: string, format: 'yaml' | 'json'): PriceRules {
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`prices file: not valid ${format.toUpperCase()}: ${(e as Error).message}`);
  }
  return validatePriceRules(data ?? {});
}

/**
 * Validates an already-parsed prices document (e.g. a `/v1/prices` JSON body), the same way as parsePricesFile.
 * @throws Error naming the bad entry and field.
 */
export function validatePriceRules(data: unknown): PriceRules {
  const doc = record(data, 'prices file');
  known(doc, ['overrides', 'markups', 'unit_prices', 'aliases'], 'prices file');
  const rules: PriceRules = {
    overrides: list(doc.overrides, 'overrides').map((e, i) => override(record(e, `overrides[${i}]`), `overrides[${i}]`)),
    markups: list(doc.markups, 'markups').map((e, i) => markup(record(e, `markups[${i}]`), `markups[${i}]`)),
    unitPrices: list(doc.unit_prices, 'unit_prices').map((e, i) => unitPrice(record(e, `unit_prices[${i}]`), `unit_prices[${i}]`)),
    aliases: list(doc.aliases, 'aliases').map((e, i) => alias(record(e, `aliases[${i}]`), `aliases[${i}]`)),
  };
  rejectOverlaps(rules.overrides);
  // Compiling catches anything the shape checks cannot (inconsistent price keys), with the same entry names.
  compileRules({ ...rules, noDefaultUnitPrices: true });
  return rules;
}

function override(e: Obj, at: string): PriceOverride {
  known(e, ['provider', 'model', 'app', 'org', 'service_tier', 'effective_from', 'effective_to', 'prices', 'units'], at);
  const o: PriceOverride = { provider: text(e.provider, `${at}.provider`), model: text(e.model, `${at}.model`), ...window(e, at) };
  if (e.app !== undefined) o.app = text(e.app, `${at}.app`);
  if (e.org !== undefined) o.org = text(e.org, `${at}.org`);
  if (e.service_tier !== undefined) o.serviceTier = text(e.service_tier, `${at}.service_tier`);
  if (e.prices !== undefined) {
    const prices = record(e.prices, `${at}.prices`);
    known(prices, Object.keys(CATALOG_UNITS), `${at}.prices`);
    o.prices = Object.fromEntries(Object.entries(prices).map(([k, v]) => [k, price(v, `${at}.prices.${k}`)]));
  }
  if (e.units !== undefined) {
    const units = record(e.units, `${at}.units`);
    o.units = Object.fromEntries(Object.entries(units).map(([k, v]) => [k, decimal(v, `${at}.units.${k}`)]));
  }
  if (!o.prices && !o.units) throw new Error(`${at}: needs prices or units`);
  return o;
}

function markup(e: Obj, at: string): OrgMarkup {
  known(e, ['org', 'percent', 'effective_from', 'effective_to'], at);
  const raw =
    typeof e.percent === 'number'
      ? floatToDecimal(Math.abs(e.percent))
      : typeof e.percent === 'string'
        ? e.percent.trim().replace(/^-/, '')
        : undefined;
  const negative = (typeof e.percent === 'number' && e.percent < 0) || (typeof e.percent === 'string' && e.percent.trim().startsWith('-'));
  if (raw === undefined || !parseDecimal(raw))
    throw new Error(`${at}.percent: expected a decimal such as 20 or "-10", got ${JSON.stringify(e.percent)}`);
  return { org: text(e.org, `${at}.org`), percent: negative ? `-${raw}` : raw, ...window(e, at) };
}

function unitPrice(e: Obj, at: string): UnitPrice {
  known(e, ['provider', 'unit', 'usd', 'per', 'model', 'effective_from', 'effective_to'], at);
  const u: UnitPrice = {
    provider: text(e.provider, `${at}.provider`),
    unit: text(e.unit, `${at}.unit`),
    usd: decimal(e.usd, `${at}.usd`),
    ...window(e, at),
  };
  if (e.per !== undefined) {
    if (typeof e.per !== 'number' || !Number.isSafeInteger(e.per) || e.per <= 0) throw new Error(`${at}.per: expected a positive integer`);
    u.per = e.per;
  }
  if (e.model !== undefined) u.model = text(e.model, `${at}.model`);
  return u;
}

function alias(e: Obj, at: string): ModelAlias {
  known(e, ['provider', 'model', 'to', 'to_provider'], at);
  const a: ModelAlias = { model: text(e.model, `${at}.model`), to: text(e.to, `${at}.to`) };
  if (e.provider !== undefined) a.provider = text(e.provider, `${at}.provider`);
  if (e.to_provider !== undefined) a.toProvider = text(e.to_provider, `${at}.to_provider`);
  return a;
}

// Two overrides for the same scope in effect at once would make the price depend on file order: refuse them.
function rejectOverlaps(overrides: PriceOverride[]): void {
  const scope = (o: PriceOverride) => JSON.stringify([o.provider, o.model.toLowerCase(), o.app, o.org, o.serviceTier]);
  overrides.forEach((a, i) =>
    overrides.forEach((b, j) => {
      if (j <= i || scope(a) !== scope(b)) return;
      const overlap =
        (a.effectiveFrom ?? -Infinity) < (b.effectiveTo ?? Infinity) && (b.effectiveFrom ?? -Infinity) < (a.effectiveTo ?? Infinity);
      if (overlap)
        throw new Error(
          `overrides[${j}]: overlaps overrides[${i}] (same provider, model, app, org and tier); set effective_from/effective_to`,
        );
    }),
  );
}

function window(e: Obj, at: string): { effectiveFrom?: number; effectiveTo?: number } {
  const w: { effectiveFrom?: number; effectiveTo?: number } = {};
  if (e.effective_from !== undefined) w.effectiveFrom = instant(e.effective_from, `${at}.effective_from`);
  if (e.effective_to !== undefined) w.effectiveTo = instant(e.effective_to, `${at}.effective_to`);
  if (w.effectiveFrom !== undefined && w.effectiveTo !== undefined && w.effectiveFrom >= w.effectiveTo)
    throw new Error(`${at}.effective_to: must be after effective_from`);
  return w;
}

/** `2026-01-01` (UTC midnight) or an RFC 3339 timestamp with a zone; a time without a zone is ambiguous. */
function instant(v: unknown, at: string): number {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
  const s = typeof v === 'string' ? v.trim() : '';
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s)
    ? Date.parse(`${s}T00:00:00Z`)
    : /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/i.test(s)
      ? Date.parse(s)
      : NaN;
  if (Number.isNaN(ms))
    throw new Error(`${at}: expected a date (2026-01-01) or a timestamp with a zone (2026-01-01T00:00:00Z), got ${JSON.stringify(v)}`);
  return ms;
}

function price(v: unknown, at: string): RawPrice {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const t = v as Obj;
    known(t, ['base', 'tiers'], at);
    const tiers = list(t.tiers, `${at}.tiers`).map((x, i) => {
      const tier = record(x, `${at}.tiers[${i}]`);
      known(tier, ['start', 'price'], `${at}.tiers[${i}]`);
      if (typeof tier.start !== 'number' || !Number.isSafeInteger(tier.start) || tier.start < 0)
        throw new Error(`${at}.tiers[${i}].start: expected a token count`);
      return { start: tier.start, price: decimal(tier.price, `${at}.tiers[${i}].price`) };
    });
    return { base: decimal(t.base, `${at}.base`), tiers };
  }
  return decimal(v, at);
}

function decimal(v: unknown, at: string): string {
  const s = typeof v === 'number' ? floatToDecimal(v) : typeof v === 'string' ? v.trim() : undefined;
  if (s === undefined || !parseDecimal(s)) throw new Error(`${at}: expected a non-negative decimal, got ${JSON.stringify(v)}`);
  return s;
}

function text(v: unknown, at: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${at}: expected a non-empty string, got ${JSON.stringify(v)}`);
  return v.trim();
}

function record(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${at}: expected a mapping`);
  return v as Obj;
}

function list(v: unknown, at: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`${at}: expected a list`);
  return v;
}

function known(e: Obj, fields: string[], at: string): void {
  for (const k of Object.keys(e))
    if (!fields.includes(k)) throw new Error(`${at}.${k}: unknown field (expected one of ${fields.join(', ')})`);
}
