// `costtrace reprice`: prices stored rows again with the current prices and writes back only the rows whose price
// changed, with a higher version. cost_events is a ReplacingMergeTree read with FINAL, so the new row replaces the
// old one and no span is ever counted twice; a second run finds nothing to change.
import { femtoToUsd, usdToFemto, type Pricer } from '@costtrace/pricing';
import { parseSince } from '../query/report-query.js';
import { COST_EVENTS } from '../store/schema.js';
import { queryRows, type Store } from '../store/store.js';
import { repriceRow, type StoredCostRow } from './row-reprice.js';

export interface RepriceOptions {
  /** Look-back window over the rows' call time: `30d`, `24h`, `all`. @default '30d' */
  since?: string;
  /** An extra SQL condition on cost_events columns, e.g. `cost_usd IS NULL` or `provider = 'openai'`. */
  where?: string;
  /** Count what would change and write nothing. */
  dryRun?: boolean;
  /** Rows read and written at a time: memory against round trips. @default 20000 */
  chunkRows?: number;
}

/** Time ranges of at most `chunkRows` rows each (or one hour, if it has more), found before anything is written. */
export interface RepricePlan {
  rows: number;
  chunks: Array<{ fromMs: number; toMs: number; rows: number }>;
  condition: string;
  params: Record<string, unknown>;
}

export interface RepriceProgress {
  chunk: number;
  chunks: number;
  from: string;
  to: string;
  scanned: number;
  changed: number;
  totalScanned: number;
  totalChanged: number;
  totalRows: number;
}

export interface RepriceSummary {
  dryRun: boolean;
  /** The pricer version the rows were priced with. */
  priceVersion: string;
  scanned: number;
  /** Rows written again (or, in a dry run, that would be). */
  changed: number;
  /** Unpriced before, priced now. */
  newlyPriced: number;
  /** Priced before, unpriced now (a rule they relied on was removed). */
  newlyUnpriced: number;
  stillUnpriced: number;
  /** Rows whose span reported no usage: nothing to price. */
  withoutUsage: number;
  /** Exact sums of cost_usd over the priced scanned rows, before and after. */
  costBeforeUsd: string;
  costAfterUsd: string;
}

const HOUR_MS = 3_600_000;

/**
 * Counts the rows to reprice per hour and groups the hours into chunks. Runs the caller's condition once, so a bad
 * `where` fails here, before anything is written.
 */
export async function planReprice(store: Store, options: RepriceOptions, now = Date.now()): Promise<RepricePlan> {
  const seconds = parseSince(options.since ?? '30d');
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  if (seconds !== undefined) {
    conditions.push(`timestamp >= fromUnixTimestamp64Milli({sinceMs:Int64}, 'UTC')`);
    params.sinceMs = now - seconds * 1000;
  }
  if (options.where?.trim()) conditions.push(`(${options.where})`);
  const condition = conditions.length > 0 ? conditions.join(' AND ') : '1';
  const hours = await queryRows<{ hour: number; n: string }>(
    store,
    `SELECT toUnixTimestamp(toStartOfHour(timestamp)) AS hour, count() AS n FROM ${COST_EVENTS} FINAL WHERE ${condition} GROUP BY hour ORDER BY hour`,
    params,
  );
  const chunkRows = options.chunkRows ?? 20_000;
  const chunks: RepricePlan['chunks'] = [];
  let rows = 0;
  for (const { hour, n } of hours) {
    const fromMs = hour * 1000;
    const last = chunks.at(-1);
    if (last && last.rows + Number(n) <= chunkRows) {
      last.toMs = fromMs + HOUR_MS;
      last.rows += Number(n);
    } else chunks.push({ fromMs, toMs: fromMs + HOUR_MS, rows: Number(n) });
    rows += Number(n);
  }
  return { rows, chunks, condition, params };
}

/** Reprices the planned rows chunk by chunk with one pricer, reporting after each chunk. */
export async function runReprice(
  store: Store,
  plan: RepricePlan,
  pricer: Pricer,
  options: { dryRun?: boolean; onProgress?: (progress: RepriceProgress) => void } = {},
): Promise<RepriceSummary> {
  const summary: RepriceSummary = {
    dryRun: options.dryRun ?? false,
    priceVersion: pricer.version,
    scanned: 0,
    changed: 0,
    newlyPriced: 0,
    newlyUnpriced: 0,
    stillUnpriced: 0,
    withoutUsage: 0,
    costBeforeUsd: '0',
    costAfterUsd: '0',
  };
  // Femto-dollars: every cost the collector writes is a whole number of them (the pricer's unit).
  let before = 0n;
  let after = 0n;
  let lastVersion = 0;
  for (const [index, chunk] of plan.chunks.entries()) {
    const rows = await queryRows<StoredCostRow>(
      store,
      `SELECT *, toUnixTimestamp64Milli(timestamp) AS at_ms FROM ${COST_EVENTS} FINAL
       WHERE timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND timestamp < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
         AND ${plan.condition}`,
      { ...plan.params, fromMs: chunk.fromMs, toMs: chunk.toMs },
    );
    const rewrite: Record<string, unknown>[] = [];
    for (const row of rows) {
      const result = repriceRow(row, pricer);
      if (!result) {
        summary.withoutUsage++;
        continue;
      }
      const { before: was, after: now } = result;
      if (was.cost_usd !== null) before += usdToFemto(was.cost_usd) ?? 0n;
      if (now.cost_usd !== null) after += usdToFemto(now.cost_usd) ?? 0n;
      if (was.cost_usd === null && now.cost_usd !== null) summary.newlyPriced++;
      if (was.cost_usd !== null && now.cost_usd === null) summary.newlyUnpriced++;
      if (was.cost_usd === null && now.cost_usd === null) summary.stillUnpriced++;
      if (!result.changed) continue;
      // Strictly above the stored version, even if this machine's clock is behind the one that wrote the row.
      lastVersion = Math.max(Date.now() * 1000, lastVersion + 1, Number(row.version) + 1);
      const { at_ms: _at, ...columns } = row;
      rewrite.push({ ...columns, ...now, version: lastVersion });
    }
    if (rewrite.length > 0 && !summary.dryRun) await store.ingest.insert({ table: COST_EVENTS, values: rewrite, format: 'JSONEachRow' });
    summary.scanned += rows.length;
    summary.changed += rewrite.length;
    options.onProgress?.({
      chunk: index + 1,
      chunks: plan.chunks.length,
      from: new Date(chunk.fromMs).toISOString(),
      to: new Date(chunk.toMs).toISOString(),
      scanned: rows.length,
      changed: rewrite.length,
      totalScanned: summary.scanned,
      totalChanged: summary.changed,
      totalRows: plan.rows,
    });
  }
  summary.costBeforeUsd = femtoToUsd(before);
  summary.costAfterUsd = femtoToUsd(after);
  return summary;
}
