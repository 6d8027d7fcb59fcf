// Public types of the pricing API: what price() takes and returns, and the rules an operator can set.

import type { Catalog } from './catalog.js';
import type { RawPrice } from './price-set.js';
import type { Usage } from './usage.js';

/** When and for whom a call happened: selects the price in effect and any app/org-specific rule. */
export interface PriceContext {
  /** Time of the call, as a Date or epoch milliseconds. */
  at: Date | number;
  /** The app (resource `service.name`) that made the call. */
  app?: string;
  /** The customer org the call is attributed to. */
  org?: string;
}

/** Where a cost came from. */
export type CostSource = 'catalog' | 'provider' | 'override' | 'manual';

/** One disjoint part of a cost: `units` × `unitPriceUsd` = `costUsd` (the parts sum to the total). */
export interface BreakdownLine {
  /** `input` (uncached input), `output`, `cache_read`, `cache_write`, `cache_write_1h`, `output_reasoning`, `web_searches`, a unit name, ... */
  component: string;
  units: number;
  /** USD per single unit, exact decimal. */
  unitPriceUsd: string;
  /** Exact decimal USD. */
  costUsd: string;
}

export interface PricedResult {
  status: 'priced';
  /** Exact decimal USD, no exponent, no trailing zeros: `"0.00045"`. Never a binary float. */
  costUsd: string;
  source: CostSource;
  /** Exactly which price set or entry produced the cost: `catalog@0.1.8`, `override:1a2b3c4d`, `units@2026-11-22`, ... */
  priceVersion: string;
  /**
   * Disjoint lines summing exactly to `costUsd`. On catalog results it is built on first read (a getter, since
   * formatting lines is most of the work of a price): read it or JSON.stringify the result; `{ ...result }` does
   * not copy it.
   */
  breakdown: BreakdownLine[];
  /** The catalog or override model id that priced the call, when a model did (`gpt-4o` for `gpt-4o-2024-08-06`). */
  pricedModel?: string;
  /** `costUsd` after the org's markup or discount, when one is in effect: what to charge the org. */
  chargeUsd?: string;
}

export interface UnpricedResult {
  status: 'unpriced';
  /** Why, e.g. `no price for openai/foo-model` or `cacheReadTokens 5000 exceed inputTokens 1000`. */
  reason: string;
  /** The pricer version that could not price it, so a later repricing can tell what changed. */
  priceVersion: string;
}

/** A price, or the reason there is none. Unpriced is never a zero cost. */
export type PriceResult = PricedResult | UnpricedResult;

/** A time window in epoch ms: `from` inclusive, `to` exclusive; either open when absent. */
export interface Effective {
  effectiveFrom?: number;
  effectiveTo?: number;
}

/** A custom or negotiated price for a provider's model (`model: '*'` for every model of the provider). */
export interface PriceOverride extends Effective {
  provider: string;
  model: string;
  app?: string;
  org?: string;
  /** Catalog price keys (`input_mtok`, `output_mtok`, `cache_read_mtok`, `cache_write_mtok`, `cache_write_1h_mtok`, `requests_kcount`, ...) or tiers. */
  prices?: Record<string, RawPrice>;
  /** USD per unit for non-token units (`credits: "0.00083"`). */
  units?: Record<string, string>;
  /** Applies only to calls served with this service tier (`batch`, `priority`); to every tier when absent. */
  serviceTier?: string;
}

/** A markup (positive) or discount (negative) in percent on everything attributed to an org. */
export interface OrgMarkup extends Effective {
  org: string;
  /** Decimal percent: `"20"` charges cost × 1.2, `"-10"` cost × 0.9. */
  percent: string;
}

/** USD per unit for a unit-billed provider (`firecrawl` `credits`), optionally for one model or endpoint. */
export interface UnitPrice extends Effective {
  provider: string;
  unit: string;
  /** Exact decimal USD for `per` units. */
  usd: string;
  /** How many units `usd` buys. @default 1 */
  per?: number;
  model?: string;
}

/** Maps a model id (an Azure deployment name, a gateway alias) to the model it really is. */
export interface ModelAlias {
  /** Provider the alias applies to; every provider when absent. */
  provider?: string;
  model: string;
  to: string;
  /** Provider to price the target with, when it differs (`azure.ai.openai` deployment → `openai` list price). */
  toProvider?: string;
}

/** The rules of a prices file (`parsePricesFile`) or the `/v1/prices` API. */
export interface PriceRules {
  overrides: PriceOverride[];
  markups: OrgMarkup[];
  unitPrices: UnitPrice[];
  aliases: ModelAlias[];
}

export interface PricerOptions extends Partial<PriceRules> {
  /** Catalog to price from; the bundled one when absent. Refresh by creating a new pricer with `loadCatalog(json)`. */
  catalog?: Catalog;
  /** Replace the shipped unit-price defaults instead of layering `unitPrices` over them. @default false */
  noDefaultUnitPrices?: boolean;
}

export interface Pricer {
  /**
   * Prices one call. Pure, synchronous and allocation-light: resolution of (provider, model) is cached.
   * @example pricer.price({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 500 }, { at: Date.now() })
   * // { status: 'priced', costUsd: '0.00045', source: 'catalog', priceVersion: 'catalog@0.1.8', ... }
   */
  price(usage: Usage, ctx: PriceContext): PriceResult;
  /** Identifies the catalog and rules together: `catalog@0.1.8` or `catalog@0.1.8+rules:1a2b3c4d`. */
  readonly version: string;
  readonly catalog: Catalog;
}
