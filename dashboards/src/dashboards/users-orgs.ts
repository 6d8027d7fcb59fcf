// Users and orgs: who spends — top users and orgs, the trend of the biggest spenders, cost per active user, and
// what each org's money goes to by feature.
import { dashboard, stat, table, timeseries } from '../builder.js';
import { COUNT, MONEY, RATIO, TIME, titled } from '../columns.js';
import type { Dashboard } from '../grafana-types.js';
import { drillDown, PAGES, siblingLinks } from '../navigation.js';
import { CALLS, from, nested, ranked, series, seriesBy, SPEND, totals, UNPRICED } from '../queries.js';
import { DAILY_USERS } from '../rollups.js';
import { DIMENSIONS, SETTINGS } from '../sql.js';
import { VARIABLES } from '../variables.js';

// nullIf, not uniqExactIf: the -If combinator made these counts several times slower on the daily rollup.
const ACTIVE_USERS = "uniqExact(nullIf(user_id, ''))";
// Spend of calls that name a user, over the users who made them: calls without a user would inflate it.
const COST_PER_ACTIVE_USER = `sumIf(spend_usd, user_id != '') / nullIf(${ACTIVE_USERS}, 0)`;

/**
 * Users (orgs) with a call in the range, and the priced spend of their calls per user (org): grouped by id first,
 * then counted, which is several times faster on the daily rollup than one uniqExact state over all of its rows.
 */
function activeTotals(column: 'user_id' | 'org_id', active: string, costPerActive: string): string {
  return [
    `SELECT countIf(id != '') AS ${active}, sumIf(spend, id != '') / nullIf(${active}, 0) AS ${costPerActive}`,
    'FROM (',
    nested([`SELECT ${column} AS id, ${SPEND} AS spend`, from(DAILY_USERS), `GROUP BY ${column}`].join('\n')),
    ')',
    SETTINGS,
  ].join('\n');
}

/** The `n` biggest spenders by `column` under the same filters, as an IN (…) condition. */
function topSpenders(column: 'user_id' | 'org_id', n: number): string {
  const subquery = [
    `SELECT ${column}`,
    from(DAILY_USERS),
    `GROUP BY ${column}`,
    `ORDER BY ${SPEND} DESC NULLS LAST, ${column}`,
    `LIMIT ${n}`,
  ];
  return `${column} IN (\n${nested(nested(subquery.join('\n')))}\n  )`;
}

const orgByFeature = [
  `SELECT ${DIMENSIONS.org} AS org, ${DIMENSIONS.feature} AS feature, spend, calls, org_spend,`,
  '  toFloat64(spend) / toFloat64(org_spend) AS share_of_org',
  'FROM (',
  nested(
    [
      `SELECT org_id, feature, ${SPEND} AS spend, ${CALLS} AS calls, sum(spend) OVER (PARTITION BY org_id) AS org_spend`,
      from(DAILY_USERS, topSpenders('org_id', 20)),
      'GROUP BY org_id, feature',
    ].join('\n'),
  ),
  ')',
  'ORDER BY org_spend DESC NULLS LAST, org, spend DESC NULLS LAST, feature',
  SETTINGS,
].join('\n');

export function usersOrgs(): Dashboard {
  return dashboard({
    uid: PAGES.usersOrgs.uid,
    title: PAGES.usersOrgs.title,
    description: 'Top spending users and orgs, per-user trend, cost per active user and each org’s spend by feature.',
    links: siblingLinks('usersOrgs'),
    variables: VARIABLES,
    rows: [
      [
        stat({
          title: 'Active users',
          description: 'Users with at least one call in the range, and the priced spend of their calls per user.',
          sql: activeTotals('user_id', 'active_users', 'cost_per_active_user'),
          unit: 'short',
          columns: {
            active_users: titled('Active users'),
            cost_per_active_user: titled('Cost per active user', { unit: 'currencyUSD', decimals: 4 }),
          },
          width: 12,
        }),
        stat({
          title: 'Active orgs',
          description: 'Orgs with at least one call in the range, and the priced spend of their calls per org.',
          sql: activeTotals('org_id', 'active_orgs', 'cost_per_active_org'),
          unit: 'short',
          columns: {
            active_orgs: titled('Active orgs'),
            cost_per_active_org: titled('Cost per active org', { unit: 'currencyUSD', decimals: 4 }),
          },
          width: 12,
        }),
      ],
      [
        table({
          title: 'Top spending users',
          description: "Users by priced spend; '(none)' = calls without a user id.",
          // Features used is a uniqExact state per user: kept to the 50 users it is shown for, found first.
          sql: ranked(
            DAILY_USERS,
            ['user'],
            { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED, features: 'uniqExact(feature)', last_seen: 'max(last_call)' },
            'spend DESC NULLS LAST',
            50,
            topSpenders('user_id', 50),
          ),
          columns: {
            user: titled('User', { link: drillDown('features', 'user') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            unpriced_calls: titled('Unpriced calls', COUNT),
            features: titled('Features used', COUNT),
            last_seen: titled('Last seen', TIME),
          },
          width: 12,
          height: 10,
        }),
        table({
          title: 'Top spending orgs',
          description: "Orgs by priced spend; '(none)' = calls without an org id.",
          sql: ranked(
            DAILY_USERS,
            ['org'],
            { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED, users: ACTIVE_USERS },
            'spend DESC NULLS LAST',
            50,
          ),
          columns: {
            org: titled('Org', { link: drillDown('features', 'org') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            unpriced_calls: titled('Unpriced calls', COUNT),
            users: titled('Active users', COUNT),
          },
          width: 12,
          height: 10,
        }),
      ],
      [
        timeseries({
          title: 'Spend of the top 10 users',
          description: 'Priced spend per day of the ten users who spent most in the range.',
          sql: seriesBy(DAILY_USERS, 'user', { spend: SPEND }, topSpenders('user_id', 10)),
          unit: 'currencyUSD',
          splitBy: 'user',
          // Per-user figures come from the daily rollup: daily buckets.
          interval: '1d',
          width: 12,
          height: 9,
        }),
        timeseries({
          title: 'Cost per active user',
          description: 'Priced spend of calls that name a user, divided by the users active in each time bucket.',
          sql: series(DAILY_USERS, { cost_per_active_user: COST_PER_ACTIVE_USER }),
          unit: 'currencyUSD',
          interval: '1d',
          width: 12,
          height: 9,
        }),
      ],
      [
        table({
          title: 'Org spend by feature',
          description: 'For the 20 orgs that spent most: their spend by feature and each feature’s share of the org’s spend.',
          sql: orgByFeature,
          columns: {
            org: titled('Org', { link: drillDown('features', 'org') }),
            feature: titled('Feature'),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            org_spend: titled('Org spend', MONEY),
            share_of_org: titled('Share of org spend', RATIO),
          },
          width: 24,
          height: 10,
        }),
      ],
    ],
  });
}
