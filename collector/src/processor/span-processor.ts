// The processing stage: decoded spans in, priced cost rows out (span → usage → price → row), rejections counted.
import type { Pricer } from '@costtrace/pricing';
import type { DecodedSpan } from '../receiver/decoded-span.js';
import { buildCostRow, type CostRow } from './cost-row.js';
import { readAttribution } from './span-attribution.js';
import { readSpanUsage } from './span-usage.js';

export interface ProcessResult {
  rows: CostRow[];
  /** Spans rejected for bad usage or timestamps (valid spans of the same batch are kept). */
  rejected: number;
  errors: string[];
  unpriced: number;
}

const EARLIEST_NANOS = BigInt(Date.UTC(2000, 0, 1)) * 1_000_000n;
const MAX_FUTURE_MS = 24 * 3600 * 1000;
const MAX_ERRORS = 10;

/** Pure apart from the clock: `now` stamps the row version so a later write of the same span replaces it. */
export function processSpans(spans: DecodedSpan[], pricer: Pricer, now: number = Date.now()): ProcessResult {
  const result: ProcessResult = { rows: [], rejected: 0, errors: [], unpriced: 0 };
  const latest = BigInt(now + MAX_FUTURE_MS) * 1_000_000n;
  const version = now * 1000;
  for (const span of spans) {
    const found = readSpanUsage(span);
    if (found.kind === 'none') continue;
    let problem = found.kind === 'invalid' ? found.reason : undefined;
    if (problem === undefined && (span.startTimeUnixNano < EARLIEST_NANOS || span.startTimeUnixNano > latest)) {
      problem = `start_time_unix_nano ${span.startTimeUnixNano} is outside 2000-01-01 .. now+1d`;
    }
    if (problem !== undefined || found.kind !== 'usage') {
      result.rejected++;
      if (result.errors.length < MAX_ERRORS) result.errors.push(`span ${span.spanId}: ${problem}`);
      continue;
    }
    const who = readAttribution(span);
    const price = found.reported
      ? pricer.price(found.usage, { at: Number(span.startTimeUnixNano / 1_000_000n), app: who.app, org: who.orgId })
      : undefined;
    const row = buildCostRow(span, who, found.usage, price, version);
    if (row.cost_usd === null) result.unpriced++;
    result.rows.push(row);
  }
  return result;
}
