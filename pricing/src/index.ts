// Public API of @costtrace/pricing: exact, pure pricing of LLM and API usage.

export type { Usage } from './usage.js';
export type {
  BreakdownLine,
  CostSource,
  Effective,
  ModelAlias,
  OrgMarkup,
  PriceContext,
  PricedResult,
  PriceOverride,
  PriceResult,
  Pricer,
  PricerOptions,
  PriceRules,
  UnitPrice,
  UnpricedResult,
} from './types.js';
export type { Catalog } from './catalog.js';
export { createPricer } from './pricer.js';
export { parsePricesFile, validatePriceRules } from './prices-file.js';
export { BUNDLED_CATALOG_VERSION, bundledCatalog, loadCatalog } from './catalog.js';
export { femtoToUsd, usdToFemto } from './money.js';
export { DEFAULT_UNIT_PRICES, UNIT_PRICES_AS_OF } from './unit-price-defaults.js';
export { SERVICE_TIERS_AS_OF } from './service-tiers.js';
