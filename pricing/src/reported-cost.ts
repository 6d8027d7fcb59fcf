// Costs the provider (or the app by hand) reported: used as reported, never recomputed.

import { femtoToUsd, usdToFemto } from './money.js';
import type { PricedResult, UnpricedResult } from './types.js';
import type { Usage } from './usage.js';

/** The priceVersion of reported costs: the number came from outside, not from a price set. */
export const REPORTED_VERSION = 'reported';

/**
 * Uses `providerCostUsd` as reported: source `provider`, or `manual` when the app declared it
 * (`costReportedBy: 'manual'`). Amounts beyond 15 decimals are rounded half-even to the femto-dollar.
 * @returns undefined when no cost was reported; a reason when the reported text is not a plain decimal.
 */
export function reportedCost(u: Usage): PricedResult | Pick<UnpricedResult, 'reason'> | undefined {
  const text = u.providerCostUsd;
  if (text === undefined) return undefined;
  const femto = usdToFemto(text);
  if (femto === undefined) return { reason: `providerCostUsd ${JSON.stringify(text)} is not a non-negative decimal` };
  const costUsd = femtoToUsd(femto);
  return {
    status: 'priced',
    costUsd,
    source: u.costReportedBy === 'manual' ? 'manual' : 'provider',
    priceVersion: REPORTED_VERSION,
    breakdown: [{ component: 'reported', units: 1, unitPriceUsd: costUsd, costUsd }],
  };
}
