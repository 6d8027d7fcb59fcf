// Cost per run: a run is one trace within one feature (every call of one `track()` scope shares its trace), and its
// cost is the sum of its calls. Grouping by trace is the one per-row-cardinality GROUP BY on the dashboards, so
// above RUN_SAMPLE_CALLS calls in the range it runs on a uniform sample of whole runs instead of all of them.
import { CALLS, from, nested, select, SPEND, UNPRICED } from './queries.js';
import { DAILY_RUNS, HOURLY } from './rollups.js';
import { DIMENSIONS, SETTINGS } from './sql.js';

/** Up to this many calls in the range, per-run figures use every run (exact); above it, a sample of about this many. */
export const RUN_SAMPLE_CALLS = 200_000;

/**
 * `sample_every` = 1 in N runs kept, N = calls in range / RUN_SAMPLE_CALLS (at least 1), counted on the hourly
 * rollup: counting raw rows in a range reads every timestamp in it.
 * Runs are picked by a hash of trace_id (IN_SAMPLE), so a run is kept or dropped with all of its calls.
 */
const SAMPLE_EVERY = [`WITH (SELECT greatest(1, intDiv(${CALLS}, ${RUN_SAMPLE_CALLS}))`, from(HOURLY), ') AS sample_every'].join('\n');

/** The sample: runs whose hash lies in the first 1/sample_every of its range, a leading range of DAILY_RUNS' sort key. */
const IN_SAMPLE = 'run_hash <= intDiv(18446744073709551615, sample_every)';

/**
 * One row per (sampled) run of each feature, its closed days' calls from the per-run rollup and the rest raw, summed
 * again by trace. A run with any unpriced call has no known cost: the figures skip it and count it instead, so an
 * unknown price never drags an average toward $0.
 */
const RUNS = [
  `SELECT ${DIMENSIONS.feature} AS feature, trace_id, ${SPEND} AS run_cost, ${UNPRICED} AS unpriced_calls`,
  from(DAILY_RUNS, IN_SAMPLE),
  'GROUP BY feature, trace_id',
].join('\n');

/** Per-run measures over RUNS; the average is exact Decimal arithmetic, NULL when no run is fully priced. */
const RUN_MEASURES = {
  sampled_priced_runs: 'countIf(unpriced_calls = 0)',
  sampled_runs_with_unpriced: 'countIf(unpriced_calls > 0)',
  avg_per_run: 'sumIf(run_cost, unpriced_calls = 0) / nullIf(countIf(unpriced_calls = 0), 0)',
  // quantileExact of nothing is 0, not unknown: NULL when no run of the feature is fully priced.
  p95_per_run: 'if(countIf(unpriced_calls = 0) = 0, NULL, quantileExactIf(0.95)(run_cost, unpriced_calls = 0))',
};

/** Average cost of a run of each feature, highest first (for a bar gauge). */
export function averageRunCost(): string {
  return [
    SAMPLE_EVERY,
    `SELECT feature, ${RUN_MEASURES.avg_per_run} AS avg_per_run`,
    'FROM (',
    nested(RUNS),
    ')',
    'GROUP BY feature',
    'HAVING avg_per_run IS NOT NULL',
    'ORDER BY avg_per_run DESC, feature',
    SETTINGS,
  ].join('\n');
}

/**
 * Per feature: exact calls and spend, and per-run figures — run counts scaled up from the sample, average and p95
 * from the sampled runs, and the share of runs sampled (1 = exact).
 */
export function runCostTable(): string {
  const totals = [`SELECT ${DIMENSIONS.feature} AS feature, ${CALLS} AS calls, ${SPEND} AS spend`, from(HOURLY), 'GROUP BY feature'].join(
    '\n',
  );
  const perRun = ['SELECT feature, ' + select(RUN_MEASURES), 'FROM (', nested(RUNS), ')', 'GROUP BY feature'].join('\n');
  return [
    SAMPLE_EVERY,
    'SELECT feature, sampled_priced_runs * sample_every AS priced_runs, sampled_runs_with_unpriced * sample_every AS runs_with_unpriced,',
    '  calls, spend, avg_per_run, p95_per_run, 1 / sample_every AS sampled',
    'FROM (',
    nested(totals),
    ') AS totals',
    'LEFT JOIN (',
    nested(perRun),
    ') AS runs USING (feature)',
    'ORDER BY spend DESC NULLS LAST, feature',
    SETTINGS,
  ].join('\n');
}
