// Features / "Top users of each feature": the ten users who spent most on each feature. A 30-day range holds about
// as many (feature, user) pairs as calls a day, so this sums only the pairs that can make a top ten, exactly.
import { CALLS, either, fromRows, nested, select, SPEND } from './queries.js';
import { DAILY_USERS, onlyWhen, rolledUp } from './rollups.js';
import { conditions, DIMENSIONS, variableFilter } from './sql.js';
import { FEATURE_SPEND_BOUND, rankedBounds } from './user-bounds.js';
import { inWindow, rawRows, rollupRows, USER_BLOCKS, USER_DAYS, usable, window } from './user-rollups.js';

/** How many of the first ranks of each block make the sample whose spends set each feature's threshold. */
const SAMPLE = 20;

/** The per-user rollups answer while app, provider and model are All (the day rollup filters the rest). */
const FAST = usable(USER_DAYS);

/**
 * The pruning, exact for any data:
 * - feature_tenths: for each feature where at least 10 of a sample of heavy users (the first SAMPLE ranks by
 *   feature_spend_bound of each block tiling the range) spent something (in the day rollup alone, so at most their
 *   real spend), the 10th highest of those spends: at least 10 users spent that much, so no user whose spend is lower
 *   can be in that feature's top ten. Elements: the lowest of those thresholds, and the features that have one.
 * - feature_candidates: every user whose feature_spend_bound over the range (rankedBounds) reaches that lowest
 *   threshold (anyone else spent less on any one feature), and whether even the floor does (nobody is ruled out).
 * - pruned_features: the features with a threshold, unless nobody is ruled out. The candidates are summed on those;
 *   every other feature for every user.
 * Each is a small scalar of its own: a scalar's value is copied into every place that names it, so the bounds of
 * thousands of users stay inside the one that reduces them, and the arrays used in conditions are constants the
 * primary key and the LowCardinality dictionary can be tested against.
 */
function pruning(): string[] {
  const sample = [
    `SELECT user_id FROM ${USER_BLOCKS.table}`,
    conditions('WHERE', [inWindow(USER_BLOCKS), `bound_rank <= ${SAMPLE}`, FAST]),
  ].join('\n');
  const sampled = [
    'SELECT feature, user_id, sum(spend_usd) AS spend',
    `FROM ${USER_DAYS.table}`,
    conditions('WHERE', [
      `day >= ${USER_DAYS.name}_from AND day < ${USER_DAYS.name}_to`,
      ...USER_DAYS.variables.map(variableFilter),
      FAST,
      `user_id IN (\n${nested(nested(sample))}\n  )`,
    ]),
    'GROUP BY feature, user_id',
    'HAVING spend > 0',
  ].join('\n');
  const tenths = [
    'SELECT feature, arrayElement(arrayReverseSort(groupArray(spend)), 10) AS tenth',
    'FROM (',
    nested(sampled),
    ')',
    'GROUP BY feature',
    'HAVING count() >= 10',
  ].join('\n');
  return [
    ...window(USER_BLOCKS),
    ...window(USER_DAYS),
    `(SELECT (min(tenth), groupArray(feature)) FROM (\n${nested(tenths)}\n)) AS feature_tenths`,
    [
      '(SELECT (arrayFilter((k, high) -> high >= feature_tenths.1, users, highs), floor >= feature_tenths.1) FROM (',
      nested(rankedBounds(FEATURE_SPEND_BOUND, FAST)),
      ')) AS feature_candidates',
    ].join('\n'),
    '(SELECT if(feature_candidates.2, [], feature_tenths.2)) AS pruned_features',
  ];
}

const COLUMNS = {
  feature: ['feature', 'feature'],
  user_id: ['user_id', 'user_id'],
  call_count: ['call_count', '1'],
  spend_usd: ['spend_usd', 'cost_usd'],
} as const;

/** Per feature, its ten biggest spenders (ties by label), from per (feature, user) sums. */
function topTen(sums: string): string {
  return [
    `SELECT ${DIMENSIONS.feature} AS feature, ${DIMENSIONS.user} AS user, spend, calls`,
    'FROM (',
    nested(sums),
    ')',
    'ORDER BY feature, spend DESC NULLS LAST, user',
    'LIMIT 10 BY feature',
  ].join('\n');
}

const sums = (rowsSql: string, by: string) =>
  [`SELECT ${by}, ${select({ spend: SPEND, calls: CALLS })}`, fromRows(rowsSql), `GROUP BY ${by}`].join('\n');

export function topUsersOfEachFeature(): string {
  // Sums by source: 0, the candidates' rows; 1, every row of the features without a threshold (tested on the
  // LowCardinality dictionary: nearly free when there are none); 2, every raw call (one scan of the raw calls rather
  // than one per condition). Each (feature, user) sum then keeps the sources that cover it once.
  const candidates = 'feature_candidates.1';
  const withSource = (source: number) => ({ ...COLUMNS, source: [String(source), String(source)] }) as const;
  const read = [
    rollupRows(USER_DAYS, withSource(0), { only: FAST, both: [`user_id IN (SELECT arrayJoin(${candidates}))`] }),
    'UNION ALL',
    rollupRows(USER_DAYS, withSource(1), { only: FAST, prewhere: ['NOT has(pruned_features, feature)'] }),
    'UNION ALL',
    rawRows(USER_DAYS, withSource(2), { only: FAST }),
  ].join('\n');
  const kept = [
    `SELECT feature, user_id, ${select({ spend: 'sum(spend)', calls: 'sum(calls)' })}`,
    'FROM (',
    nested(sums(read, 'feature, user_id, source')),
    ')',
    'WHERE if(has(pruned_features, feature), source = 0 OR source = 2 AND user_id IN (SELECT arrayJoin(' + candidates + ')), source != 0)',
    'GROUP BY feature, user_id',
  ].join('\n');
  const fallback = onlyWhen(DAILY_USERS, `NOT (${FAST})`);
  return either(
    pruning(),
    FAST,
    topTen(kept),
    topTen(sums(rolledUp(fallback), 'feature, user_id')),
    'feature, spend DESC NULLS LAST, user',
  );
}
