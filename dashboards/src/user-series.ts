// Per-user time series: the spend of the ten biggest spenders, and the cost per active user, per time bucket. Like
// user-queries.ts, each reads the per-user rollups while they can answer and the daily rollup otherwise.
import { body, either, fromRows, nested, series, seriesBy, SPEND, TIME_BUCKET } from './queries.js';
import { conditions, DIMENSIONS, variableFilter } from './sql.js';
import { CALL_COLUMNS, spenders, topSpenders, USERS_FALLBACK, USERS_FAST } from './user-queries.js';
import { rows, USER_BLOCKS, USER_DAYS, window } from './user-rollups.js';

/**
 * Priced spend per time bucket of the ten users who spent most in the range. Only users that can be among the ten
 * are read, per day, from the per-user day rollup; the ten are then the first by total spend, then id.
 */
export function spendOfTopUsers(): string {
  const { items, among } = spenders(10);
  const columns = { period: ['day', 'toStartOfDay(timestamp)'], user_id: CALL_COLUMNS.user_id, spend_usd: CALL_COLUMNS.spend_usd } as const;
  const daily = rows(USER_DAYS, columns, { both: [among], only: USERS_FAST });
  const perBucket = [`SELECT ${TIME_BUCKET}, user_id, ${SPEND} AS spend`, fromRows(daily), 'GROUP BY time, user_id'].join('\n');
  const ranking = [
    'SELECT time, user_id, spend, dense_rank() OVER (ORDER BY total DESC NULLS LAST, user_id) AS rank',
    'FROM (',
    nested(['SELECT time, user_id, spend, sum(spend) OVER (PARTITION BY user_id) AS total', 'FROM (', nested(perBucket), ')'].join('\n')),
    ')',
  ].join('\n');
  return either(
    items,
    USERS_FAST,
    [`SELECT time, ${DIMENSIONS.user} AS user, spend`, 'FROM (', nested(ranking), ')', 'WHERE rank <= 10'].join('\n'),
    body(seriesBy(USERS_FALLBACK, 'user', { spend: SPEND }, topSpenders(USERS_FALLBACK, 'user_id', 10))),
    'time, user',
  );
}

/**
 * Priced spend of calls that name a user, over the users active in each time bucket. A whole day inside the range
 * is one row per user and org in the block rollup, one of them marked per user, so its users are a count; every
 * other bucket (the range's first and last days, buckets of several days, an org selection) groups by user first.
 */
export function costPerActiveUser(): string {
  const n = USER_BLOCKS.name;
  const wholeDay = `start >= ${n}_from AND start + INTERVAL 1 DAY <= ${n}_to AND $__interval_s = 86400 AND $__conditionalAll(0, $org)`;
  const counted = [
    `SELECT $__timeInterval(start) AS time, sumIf(spend_usd, user_id != '') AS spend, countIf(first_of_user AND user_id != '') AS users`,
    `FROM ${USER_BLOCKS.table}`,
    conditions('WHERE', ['level = 0', wholeDay, ...USER_BLOCKS.variables.map(variableFilter), USERS_FAST]),
    'GROUP BY time',
  ].join('\n');
  const columns = {
    period: ['start', 'toStartOfDay(timestamp)'],
    user_id: CALL_COLUMNS.user_id,
    spend_usd: CALL_COLUMNS.spend_usd,
  } as const;
  const dayRows = rows(USER_BLOCKS, columns, { daily: true, rollup: [`NOT (${wholeDay})`] });
  // Calls without a user are kept (and not counted), so that a bucket holding only those still has a row.
  const grouped = [
    `SELECT time, sumIf(spend, user_id != '') AS spend, countIf(user_id != '') AS users`,
    'FROM (',
    nested([`SELECT ${TIME_BUCKET}, user_id, ${SPEND} AS spend`, fromRows(dayRows), 'GROUP BY time, user_id'].join('\n')),
    ')',
    'GROUP BY time',
  ].join('\n');
  return either(
    window(USER_BLOCKS),
    USERS_FAST,
    [
      'SELECT time, sum(spend) / nullIf(sum(users), 0) AS cost_per_active_user',
      'FROM (',
      nested([counted, 'UNION ALL', grouped].join('\n')),
      ')',
      'GROUP BY time',
    ].join('\n'),
    body(series(USERS_FALLBACK, { cost_per_active_user: `sumIf(spend_usd, user_id != '') / nullIf(uniqExact(nullIf(user_id, '')), 0)` })),
    'time',
  );
}
