// Per-org panel queries: the per-org block rollup (and the per-user one, for users per org) while they can filter by
// every variable that is set, the daily rollup by app, feature, org and user otherwise; both give the same rows.
import { body, CALLS, either, fromRows, nested, ranked, rankedRows, select, SPEND, UNPRICED, type Measures } from './queries.js';
import { DAILY_USERS, onlyWhen, rolledUp } from './rollups.js';
import { DIMENSIONS } from './sql.js';
import { active, CALL_COLUMNS, fallbackOf, SPEND_SCORE, top, topSpenders, type Ranking } from './user-queries.js';
import { candidates } from './user-bounds.js';
import { ORG_BLOCKS, rows, USER_BLOCKS, usable, window, type Columns } from './user-rollups.js';

const ORG_COLUMNS = {
  org_id: CALL_COLUMNS.org_id,
  feature: ['feature', 'feature'],
  call_count: CALL_COLUMNS.call_count,
  unpriced_count: CALL_COLUMNS.unpriced_count,
  spend_usd: CALL_COLUMNS.spend_usd,
} as const satisfies Columns;

const ORGS: Ranking = { rollup: ORG_BLOCKS, columns: ORG_COLUMNS, dimension: 'org' };
/** The per-org rollup answers while app, user, provider and model are All. */
const ORGS_FAST = usable(ORG_BLOCKS);
const ORGS_FALLBACK = fallbackOf(ORG_BLOCKS);

export const topOrgs = (n: number, measures: Measures, orderBy: string) => top(ORGS, n, measures, orderBy);

export const activeOrgs = () => active(ORGS, 'active_orgs', 'cost_per_active_org');

const TOP_SPENDING_ORGS: Measures = { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED, users: "uniqExact(nullIf(user_id, ''))" };

/**
 * The 50 orgs that spent most, with their calls and active users. Users per org need user rows: only orgs that can
 * be among the 50 (candidates(), from the per-org rollup) are read from the per-user one, which cannot filter by
 * feature, so this reads it only while app, feature, user, provider and model are All.
 */
export function topSpendingOrgs(): string {
  const fast = `${ORGS_FAST} AND ${usable(USER_BLOCKS)}`;
  const detail = rows(USER_BLOCKS, CALL_COLUMNS, { both: ['org_id IN (SELECT arrayJoin(org_candidates))'], only: fast });
  return either(
    [...window(ORG_BLOCKS), ...window(USER_BLOCKS), `${candidates(ORG_BLOCKS, 'org_id', SPEND_SCORE, 50)} AS org_candidates`],
    fast,
    rankedRows(detail, ['org'], TOP_SPENDING_ORGS, 'spend DESC NULLS LAST', 50),
    body(ranked(onlyWhen(DAILY_USERS, `NOT (${fast})`), ['org'], TOP_SPENDING_ORGS, 'spend DESC NULLS LAST', 50)),
    'spend DESC NULLS LAST, org',
  );
}

/** Per org and feature, spend, calls and the org's total, of `rowsSql` (rows with org_id, feature and measures). */
function byOrgAndFeature(rowsSql: string, ...extra: string[]): string {
  return [
    `SELECT org_id, feature, ${select({ spend: SPEND, calls: CALLS })}, sum(spend) OVER (PARTITION BY org_id) AS org_spend`,
    fromRows(rowsSql, ...extra),
    'GROUP BY org_id, feature',
  ].join('\n');
}

const labelled = (sql: string) =>
  [
    `SELECT ${DIMENSIONS.org} AS org, ${DIMENSIONS.feature} AS feature, spend, calls, org_spend,`,
    '  toFloat64(spend) / toFloat64(org_spend) AS share_of_org',
    'FROM (',
    nested(sql),
    ')',
  ].join('\n');

/**
 * For the 20 orgs that spent most, their spend by feature and each feature's share of it. Only orgs that can be
 * among the 20 are read by feature; the 20 are then the first by spend, then id.
 */
export function orgSpendByFeature(): string {
  const candidatesByFeature = byOrgAndFeature(
    rows(ORG_BLOCKS, ORG_COLUMNS, { both: ['org_id IN (SELECT arrayJoin(top_org_candidates))'] }),
  );
  const top20 = [
    'SELECT org_id, feature, spend, calls, org_spend',
    'FROM (',
    nested(
      ['SELECT *, dense_rank() OVER (ORDER BY org_spend DESC NULLS LAST, org_id) AS rank', 'FROM (', nested(candidatesByFeature), ')'].join(
        '\n',
      ),
    ),
    ')',
    'WHERE rank <= 20',
  ].join('\n');
  return either(
    [...window(ORG_BLOCKS), `${candidates(ORG_BLOCKS, 'org_id', SPEND_SCORE, 20)} AS top_org_candidates`],
    ORGS_FAST,
    labelled(top20),
    labelled(byOrgAndFeature(rolledUp(ORGS_FALLBACK), topSpenders(ORGS_FALLBACK, 'org_id', 20))),
    'org_spend DESC NULLS LAST, org, spend DESC NULLS LAST, feature',
  );
}
