// Service tiers the catalog does not carry: OpenAI batch/flex (half price) and priority (a per-model premium),
// Anthropic and Gemini batch (half price). Read from the tier the provider reports it served the call with.

import { compiledSet, type PriceVariant } from './catalog.js';
import type { Resolved } from './model-resolution.js';
import { compilePriceSet, type PriceSet, type RawPrice } from './price-set.js';

/** Date the tables below were read from the providers' pricing pages. */
export const SERVICE_TIERS_AS_OF = '2026-11-22';
const VERSION = `tiers@${SERVICE_TIERS_AS_OF}`;

/** Tier names that mean "standard price". Absent means standard too. */
const STANDARD = new Set(['default', 'auto', 'standard', 'standard_only', 'on_demand']);

const HALF = { num: 1n, den: 2n };

/**
 * Fractions of the standard token prices, by catalog provider and tier. Sources: OpenAI batch and flex are 50% of
 * standard (developers.openai.com/api/docs/pricing, /guides/flex-processing); Anthropic Message Batches 50%
 * (docs.claude.com, batch processing); Gemini Batch Mode 50% (ai.google.dev/gemini-api/docs/batch-mode).
 */
const FRACTIONS: Readonly<Record<string, Readonly<Record<string, { num: bigint; den: bigint }>>>> = {
  openai: { batch: HALF, flex: HALF },
  anthropic: { batch: HALF },
  google: { batch: HALF },
};

const priority = (input: string, cached: string | undefined, output: string): Record<string, string> =>
  cached === undefined ? { input_mtok: input, output_mtok: output } : { input_mtok: input, cache_read_mtok: cached, output_mtok: output };

/**
 * OpenAI priority processing, USD per million tokens (input, cached input, output), by catalog model id.
 * Source: openai.com/api-priority-processing. Long-context requests (>128K prompt tokens) are served at standard
 * and reported as `default`, so no tiers here.
 */
const PRIORITY: Readonly<Record<string, Readonly<Record<string, Record<string, string>>>>> = {
  openai: {
    'gpt-5.4': priority('5.00', '0.50', '30.00'),
    'gpt-5.4-mini': priority('1.50', '0.15', '9.00'),
    'gpt-5.2': priority('3.50', '0.35', '28.00'),
    'gpt-5.1': priority('2.50', '0.25', '20.00'),
    'gpt-5': priority('2.50', '0.25', '20.00'),
    'gpt-5-mini': priority('0.45', '0.045', '3.60'),
    'gpt-5.1-codex': priority('2.50', '0.25', '20.00'),
    'gpt-5-codex': priority('2.50', '0.25', '20.00'),
    'gpt-4.1': priority('3.50', '0.875', '14.00'),
    'gpt-4.1-mini': priority('0.70', '0.175', '2.80'),
    'gpt-4.1-nano': priority('0.20', '0.05', '0.80'),
    'gpt-4o': priority('4.25', '2.125', '17.00'),
    'gpt-4o-2024-05-13': priority('8.75', undefined, '26.25'),
    'gpt-4o-mini': priority('0.25', '0.125', '1.00'),
    o3: priority('3.50', '0.875', '14.00'),
    'o4-mini': priority('2.00', '0.50', '8.00'),
  },
};

/**
 * The price set for the service tier a call was served with.
 * @returns the set and a version suffix when the tier changed the price, or an unpriced reason.
 */
export function serviceTierPriceSet(
  r: Resolved,
  variant: PriceVariant,
  tier: string | undefined,
): { set: PriceSet; version?: string } | string {
  if (tier === undefined || STANDARD.has(tier)) return { set: compiledSet(variant) };
  const cached = variant.byTier?.get(tier);
  if (cached) return { set: cached, version: VERSION };
  const set = tierSet(r, variant, tier);
  if (typeof set === 'string') return set;
  (variant.byTier ??= new Map()).set(tier, set);
  return { set, version: VERSION };
}

function tierSet(r: Resolved, variant: PriceVariant, tier: string): PriceSet | string {
  const provider = r.provider.id;
  const fraction = FRACTIONS[provider]?.[tier];
  if (fraction) return compilePriceSet(variant.prices, fraction);
  const table = tier === 'priority' ? PRIORITY[provider]?.[r.model.id] : undefined;
  if (!table) return `no ${tier} service-tier price for ${provider}/${r.model.id}`;
  // Token prices come from the tier table alone; per-call fees (web searches) stay as the catalog lists them.
  const fees: Record<string, RawPrice | undefined> = {};
  for (const [key, value] of Object.entries(variant.prices)) if (!key.endsWith('_mtok')) fees[key] = value;
  return compilePriceSet({ ...fees, ...table });
}
