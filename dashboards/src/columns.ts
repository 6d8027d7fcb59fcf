// Display conventions shared by every table: money in dollars with enough decimals for per-call amounts, counts
// as plain numbers, ratios as percentages, and the labels of the shared dimensions.
import type { ColumnSpec } from './builder.js';

/** Totals: four decimals show cents and their fractions. */
export const MONEY: ColumnSpec = { unit: 'currencyUSD', decimals: 4 };

/** Per-call or per-run amounts, often fractions of a cent. */
export const MONEY_SMALL: ColumnSpec = { unit: 'currencyUSD', decimals: 6 };

export const COUNT: ColumnSpec = { unit: 'short', decimals: 0 };

export const RATIO: ColumnSpec = { unit: 'percentunit', decimals: 1 };

export const TIME: ColumnSpec = { unit: 'dateTimeAsIso' };

/** Header text for a column named `name`. */
export function titled(name: string, spec: ColumnSpec = {}): ColumnSpec {
  return { displayName: name, ...spec };
}
