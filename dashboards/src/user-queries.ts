// Per-user panel queries. Each reads the per-user rollups (user-rollups.ts) while they can filter by every variable
// that is set, and the daily rollup by app, feature, org and user otherwise; both sides give exactly the same rows.
import { body, either, fromRows, nested, ranked, rankedRows, select, SPEND, type Measures } from './queries.js';
import { DAILY_USERS, onlyWhen, rolledUp } from './rollups.js';
import { COLUMNS, DIMENSIONS } from './sql.js';
import { SPEND as SPEND_RANKS, topCandidates } from './user-bounds.js';
import { rows, USER_BLOCKS, USER_DAYS, usable, window, type Columns, type UserRollup } from './user-rollups.js';

/** The columns per-user reads take: ids, then each stored measure and what one raw call contributes to it. */
export const CALL_COLUMNS = {
  user_id: ['user_id', 'user_id'],
  org_id: ['org_id', 'org_id'],
  call_count: ['call_count', '1'],
  unpriced_count: ['unpriced_count', 'cost_usd IS NULL'],
  spend_usd: ['spend_usd', 'cost_usd'],
  last_call: ['last_call', 'timestamp'],
} as const satisfies Columns;

/** What ranks users and orgs: priced spend, one call's cost on the raw side. */
export const SPEND_SCORE = ['spend_usd', 'cost_usd'] as const;

/** The per-user rollups answer while app, feature, provider and model are All. */
export const USERS_FAST = usable(USER_BLOCKS);
/** Otherwise the daily rollup does (and, while provider or model is set, cost_events). */
export const USERS_FALLBACK = fallbackOf(USER_BLOCKS);

/** Who is ranked: users from the per-user blocks, or orgs from the per-org blocks, with the columns read. */
export interface Ranking {
  rollup: UserRollup;
  columns: Columns;
  dimension: 'user' | 'org';
}

const USERS: Ranking = { rollup: USER_BLOCKS, columns: CALL_COLUMNS, dimension: 'user' };

/** The daily rollup, read while `rollup` cannot answer (and, while provider or model is set, cost_events). */
export function fallbackOf(rollup: UserRollup) {
  return onlyWhen(DAILY_USERS, `NOT (${usable(rollup)})`);
}

/** The `n` first by `orderBy` (ties by label), with `measures` over the rollups' columns. */
export function top(ranking: Ranking, n: number, measures: Measures, orderBy: string): string {
  const { rollup, columns, dimension } = ranking;
  return either(
    window(rollup),
    usable(rollup),
    rankedRows(rows(rollup, columns), [dimension], measures, orderBy, n),
    body(ranked(fallbackOf(rollup), [dimension], measures, orderBy, n)),
    `${orderBy}, ${dimension}`,
  );
}

export const topUsers = (n: number, measures: Measures, orderBy: string) => top(USERS, n, measures, orderBy);

/**
 * Ids with a call in the range, and the priced spend of their calls per id ('' is not one): grouped by id first,
 * then counted, which is several times faster than one uniqExact state over every row.
 */
export function active(ranking: Ranking, active: string, costPerActive: string): string {
  const column = COLUMNS[ranking.dimension];
  const totals = (rowsSql: string) =>
    [
      `SELECT countIf(id != '') AS ${active}, sumIf(spend, id != '') / nullIf(${active}, 0) AS ${costPerActive}`,
      'FROM (',
      nested([`SELECT ${column} AS id, ${SPEND} AS spend`, fromRows(rowsSql), `GROUP BY ${column}`].join('\n')),
      ')',
    ].join('\n');
  const { rollup, columns } = ranking;
  return either(window(rollup), usable(rollup), totals(rows(rollup, columns)), totals(rolledUp(fallbackOf(rollup))), active);
}

export const activeUsers = () => active(USERS, 'active_users', 'cost_per_active_user');

/** The `n` biggest spenders by `column` under the same filters, as an IN (…) condition on `rollup`'s rows. */
export function topSpenders(rollup: typeof DAILY_USERS, column: 'user_id' | 'org_id', n: number): string {
  const subquery = [
    `SELECT ${column}`,
    fromRows(rolledUp(rollup)),
    `GROUP BY ${column}`,
    `ORDER BY ${SPEND} DESC NULLS LAST, ${column}`,
    `LIMIT ${n}`,
  ];
  return `${column} IN (\n${nested(nested(subquery.join('\n')))}\n  )`;
}

const TOP_SPENDING_USERS: Measures = {
  spend: SPEND,
  calls: 'sum(call_count)',
  unpriced_calls: 'sum(unpriced_count)',
  features: 'uniqExact(feature)',
  last_seen: 'max(last_call)',
};

/**
 * WITH items for the `n` users that may spend most (rankedBounds() with `top`), and the condition selecting their
 * rows: every user's while the bounds rule nobody out.
 */
export function spenders(n: number): { items: string[]; among: string } {
  return {
    items: [...window(USER_BLOCKS), ...window(USER_DAYS), topCandidates('spenders', SPEND_RANKS, n, USERS_FAST)],
    among: '(spenders.2 OR user_id IN (SELECT arrayJoin(spenders.1)))',
  };
}

/**
 * The 50 biggest spenders with their calls, the features they used and when they were last seen. Only users that
 * can be among the 50 are read in detail, from the per-user day rollup.
 */
export function topSpendingUsers(): string {
  const { items, among } = spenders(50);
  const columns = { ...CALL_COLUMNS, feature: ['feature', 'feature'] } as const satisfies Columns;
  const top = [
    `SELECT user_id, ${select(TOP_SPENDING_USERS)}`,
    fromRows(rows(USER_DAYS, columns, { both: [among], only: USERS_FAST })),
    'GROUP BY user_id',
    // The set is the 50 first by spend then id, shown by spend then label, as the fallback's topSpenders() does.
    'ORDER BY spend DESC NULLS LAST, user_id',
    'LIMIT 50',
  ].join('\n');
  return either(
    items,
    USERS_FAST,
    [`SELECT ${DIMENSIONS.user} AS user, ${Object.keys(TOP_SPENDING_USERS).join(', ')}`, 'FROM (', nested(top), ')'].join('\n'),
    body(ranked(USERS_FALLBACK, ['user'], TOP_SPENDING_USERS, 'spend DESC NULLS LAST', 50, topSpenders(USERS_FALLBACK, 'user_id', 50))),
    'spend DESC NULLS LAST, user',
  );
}
