// Overview: where the money goes at a glance — spend over time by provider, the top features, users, orgs and
// models, what one run of each feature costs, calls and tokens, and what could not be priced.
import { bargauge, dashboard, stat, table, timeseries } from '../builder.js';
import { COUNT, MONEY, TIME, titled } from '../columns.js';
import type { Dashboard } from '../grafana-types.js';
import { drillDown, PAGES, siblingLinks } from '../navigation.js';
import { CALLS, ERRORS, from, ranked, series, seriesBy, SPEND, totals, UNPRICED } from '../queries.js';
import { HOURLY } from '../rollups.js';
import { averageRunCost } from '../runs.js';
import { SETTINGS } from '../sql.js';
import { VARIABLES } from '../variables.js';
import { topUsers } from '../user-queries.js';
import { topOrgs } from '../org-queries.js';

const unpricedByModel = [
  `SELECT provider, model, unpriced_reason AS reason, ${UNPRICED} AS unpriced_calls, max(last_unpriced) AS last_seen`,
  from(HOURLY, 'unpriced_count > 0'),
  'GROUP BY provider, model, reason',
  'ORDER BY unpriced_calls DESC, provider, model, reason',
  'LIMIT 50',
  SETTINGS,
].join('\n');

export function overview(): Dashboard {
  return dashboard({
    uid: PAGES.overview.uid,
    title: PAGES.overview.title,
    description: 'Spend by provider, feature, user, org and model; cost per run; calls, tokens and unpriced calls.',
    links: siblingLinks('overview'),
    variables: VARIABLES,
    rows: [
      [
        stat({
          title: 'Spend',
          description: 'Sum of priced calls in the range. Unpriced calls are not in it: see "Unpriced calls".',
          sql: totals(HOURLY, { spend: SPEND }),
          unit: 'currencyUSD',
          width: 6,
        }),
        stat({
          title: 'Calls',
          description: 'Paid calls in the range (each span once, however often it was exported), and how many ended in error.',
          sql: totals(HOURLY, { calls: CALLS, errors: ERRORS }),
          unit: 'short',
          width: 6,
        }),
        stat({
          title: 'Unpriced calls',
          description: 'Calls with no known price (NULL cost): counted here, never shown as $0. They are re-priced once a price exists.',
          sql: totals(HOURLY, { unpriced_calls: UNPRICED }),
          unit: 'short',
          warnAbove: 1,
          width: 6,
        }),
        stat({
          title: 'Tokens',
          description: 'Input tokens (including cache reads and writes) and output tokens (including reasoning), as reported.',
          sql: totals(HOURLY, { tokens_in: 'sum(input_tokens_sum)', tokens_out: 'sum(output_tokens_sum)' }),
          unit: 'short',
          width: 6,
        }),
      ],
      [
        timeseries({
          title: 'Spend over time by provider',
          description: 'Priced spend per time bucket, stacked by provider.',
          sql: seriesBy(HOURLY, 'provider', { spend: SPEND }),
          unit: 'currencyUSD',
          splitBy: 'provider',
          stacked: true,
          bars: true,
          interval: '1h',
          width: 16,
          height: 9,
        }),
        bargauge({
          title: 'Cost per run by feature',
          description:
            'Average cost of one run of each feature: a run is one trace within a feature (all calls of one track() scope). ' +
            'Runs with an unpriced call are left out; past 200k calls in the range, a uniform sample of whole runs is ' +
            'used. The figure to base per-use credit prices on.',
          sql: averageRunCost(),
          unit: 'currencyUSD',
          field: 'avg_per_run',
          decimals: 4,
          width: 8,
          height: 9,
        }),
      ],
      [
        table({
          title: 'Top features',
          description: "Features by priced spend. 'untagged' = calls made outside any track() scope.",
          sql: ranked(HOURLY, ['feature'], { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED }, 'spend DESC NULLS LAST', 20),
          columns: {
            feature: titled('Feature', { link: drillDown('features', 'feature') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            unpriced_calls: titled('Unpriced calls', COUNT),
          },
          width: 12,
          height: 9,
        }),
        table({
          title: 'Top models',
          description: 'Provider and model by priced spend.',
          sql: ranked(HOURLY, ['provider', 'model'], { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED }, 'spend DESC NULLS LAST', 20),
          columns: {
            provider: titled('Provider', { link: drillDown('providersModels', 'provider') }),
            model: titled('Model', { link: drillDown('providersModels', 'model') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            unpriced_calls: titled('Unpriced calls', COUNT),
          },
          width: 12,
          height: 9,
        }),
      ],
      [
        table({
          title: 'Top users',
          description: "End users by priced spend; '(none)' = calls with no user id.",
          sql: topUsers(20, { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED }, 'spend DESC NULLS LAST'),
          columns: {
            user: titled('User', { link: drillDown('usersOrgs', 'user') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            unpriced_calls: titled('Unpriced calls', COUNT),
          },
          width: 12,
          height: 9,
        }),
        table({
          title: 'Top orgs',
          description: "Organisations by priced spend; '(none)' = calls with no org id.",
          sql: topOrgs(20, { spend: SPEND, calls: CALLS, unpriced_calls: UNPRICED }, 'spend DESC NULLS LAST'),
          columns: {
            org: titled('Org', { link: drillDown('usersOrgs', 'org') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
            unpriced_calls: titled('Unpriced calls', COUNT),
          },
          width: 12,
          height: 9,
        }),
      ],
      [
        timeseries({
          title: 'Calls over time',
          description: 'Calls per time bucket, with errors and unpriced calls.',
          sql: series(HOURLY, { calls: CALLS, errors: ERRORS, unpriced: UNPRICED }),
          unit: 'short',
          interval: '1h',
          width: 12,
        }),
        timeseries({
          title: 'Tokens over time',
          description: 'Input tokens (including cache reads) and output tokens per time bucket.',
          sql: series(HOURLY, { tokens_in: 'sum(input_tokens_sum)', tokens_out: 'sum(output_tokens_sum)' }),
          unit: 'short',
          interval: '1h',
          width: 12,
        }),
      ],
      [
        table({
          title: 'Unpriced calls by model',
          description: 'Calls stored without a price, by model and reason. Add the model to a prices file to price them.',
          sql: unpricedByModel,
          columns: {
            provider: titled('Provider'),
            model: titled('Model', { link: drillDown('providersModels', 'model') }),
            reason: titled('Reason'),
            unpriced_calls: titled('Unpriced calls', COUNT),
            last_seen: titled('Last seen', TIME),
          },
          width: 24,
          height: 7,
        }),
      ],
    ],
  });
}
