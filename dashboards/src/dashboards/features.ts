// Features: what each feature costs — spend and calls over time, cost per run (average and p95), which models it
// uses, and which users spend the most on it.
import { dashboard, table, timeseries } from '../builder.js';
import { COUNT, MONEY, MONEY_SMALL, RATIO, titled } from '../columns.js';
import type { Dashboard } from '../grafana-types.js';
import { drillDown, PAGES, siblingLinks } from '../navigation.js';
import { CALLS, from, nested, seriesBy, SPEND } from '../queries.js';
import { HOURLY } from '../rollups.js';
import { runCostTable } from '../runs.js';
import { DIMENSIONS, SETTINGS } from '../sql.js';
import { VARIABLES } from '../variables.js';
import { topUsersOfEachFeature } from '../feature-top-users.js';

// Shares are ratios, not money: Float64 keeps them clear of Decimal(38,18) division overflow on large totals.
const modelMix = [
  `SELECT ${DIMENSIONS.feature} AS feature, provider, model, calls, spend,`,
  '  toFloat64(spend) / toFloat64(sum(spend) OVER (PARTITION BY feature)) AS share',
  'FROM (',
  nested(
    [`SELECT feature, provider, model, ${CALLS} AS calls, ${SPEND} AS spend`, from(HOURLY), 'GROUP BY feature, provider, model'].join('\n'),
  ),
  ')',
  'ORDER BY feature, spend DESC NULLS LAST, provider, model',
  SETTINGS,
].join('\n');

export function features(): Dashboard {
  return dashboard({
    uid: PAGES.features.uid,
    title: PAGES.features.title,
    description: 'Per-feature spend and calls, cost per run (average and p95), model mix and top users of each feature.',
    links: siblingLinks('features'),
    variables: VARIABLES,
    rows: [
      [
        timeseries({
          title: 'Spend by feature',
          description: "Priced spend per time bucket, stacked by feature ('untagged' = outside any track() scope).",
          sql: seriesBy(HOURLY, 'feature', { spend: SPEND }),
          unit: 'currencyUSD',
          splitBy: 'feature',
          stacked: true,
          bars: true,
          interval: '1h',
          width: 12,
          height: 9,
        }),
        timeseries({
          title: 'Calls by feature',
          description: 'Paid calls per time bucket by feature.',
          sql: seriesBy(HOURLY, 'feature', { calls: CALLS }),
          unit: 'short',
          splitBy: 'feature',
          interval: '1h',
          width: 12,
          height: 9,
        }),
      ],
      [
        table({
          title: 'Cost per run',
          description:
            'A run is one trace within a feature: every call made inside one track() scope. Average and p95 cover ' +
            'fully priced runs; runs with an unpriced call are counted apart. Calls and spend are exact; past 200k ' +
            'calls in the range the run figures come from a uniform sample of whole runs ("Runs sampled" < 100%).',
          sql: runCostTable(),
          columns: {
            feature: titled('Feature', { link: drillDown('usersOrgs', 'feature') }),
            priced_runs: titled('Priced runs', COUNT),
            runs_with_unpriced: titled('Runs with unpriced calls', COUNT),
            calls: titled('Calls', COUNT),
            spend: titled('Spend', MONEY),
            avg_per_run: titled('Avg per run', MONEY_SMALL),
            p95_per_run: titled('p95 per run', MONEY_SMALL),
            sampled: titled('Runs sampled', RATIO),
          },
          width: 24,
          height: 8,
        }),
      ],
      [
        table({
          title: 'Model mix',
          description: "Which provider and model each feature's calls went to, and each model's share of the feature's spend.",
          sql: modelMix,
          columns: {
            feature: titled('Feature'),
            provider: titled('Provider'),
            model: titled('Model', { link: drillDown('providersModels', 'model') }),
            calls: titled('Calls', COUNT),
            spend: titled('Spend', MONEY),
            share: titled('Share of feature spend', RATIO),
          },
          width: 12,
          height: 10,
        }),
        table({
          title: 'Top users of each feature',
          description: 'The ten users who spent most on each feature.',
          sql: topUsersOfEachFeature(),
          columns: {
            feature: titled('Feature'),
            user: titled('User', { link: drillDown('usersOrgs', 'user') }),
            spend: titled('Spend', MONEY),
            calls: titled('Calls', COUNT),
          },
          width: 12,
          height: 10,
        }),
      ],
    ],
  });
}
