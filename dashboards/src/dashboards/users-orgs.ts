// Users and orgs: who spends — top users and orgs, the trend of the biggest spenders, cost per active user, and
// what each org's money goes to by feature.
import { dashboard, stat, table, timeseries } from '../builder.js';
import { COUNT, MONEY, RATIO, TIME, titled } from '../columns.js';
import type { Dashboard } from '../grafana-types.js';
import { drillDown, PAGES, siblingLinks } from '../navigation.js';
import { activeOrgs, orgSpendByFeature, topSpendingOrgs } from '../org-queries.js';
import { activeUsers, topSpendingUsers } from '../user-queries.js';
import { costPerActiveUser, spendOfTopUsers } from '../user-series.js';
import { VARIABLES } from '../variables.js';

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
          sql: activeUsers(),
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
          sql: activeOrgs(),
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
          sql: topSpendingUsers(),
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
          sql: topSpendingOrgs(),
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
          sql: spendOfTopUsers(),
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
          sql: costPerActiveUser(),
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
          sql: orgSpendByFeature(),
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
