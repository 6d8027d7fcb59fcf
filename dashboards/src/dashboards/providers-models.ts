// Providers and models: spend, tokens in and out, cache hit ratio and estimated cache savings, cost per 1k calls and
// error rate, per provider and model.
import { dashboard, stat, table, timeseries } from '../builder.js';
import { COUNT, MONEY, MONEY_SMALL, RATIO, titled } from '../columns.js';
import type { Dashboard } from '../grafana-types.js';
import { drillDown, PAGES, siblingLinks } from '../navigation.js';
import { CALLS, ERRORS, from, nested, ranked, series, seriesBy, SPEND, totals, UNPRICED } from '../queries.js';
import { HOURLY } from '../rollups.js';
import { SETTINGS } from '../sql.js';
import { VARIABLES } from '../variables.js';

// Calls whose provider does not report cache tokens (NULL) are left out of both sides of the ratio.
const CACHE_HIT_RATIO = 'sum(cache_read_tokens_sum) / nullIf(sum(cache_reporting_input_tokens_sum), 0)';
const COST_PER_1K_CALLS = `${SPEND} * 1000 / nullIf(${CALLS} - ${UNPRICED}, 0)`;
const ERROR_RATE = `${ERRORS} / ${CALLS}`;

/**
 * Estimated cache savings per model. Prices are not stored per row, so the uncached prices are recovered from the
 * data: over the model's priced calls without cache tokens, a least-squares fit cost ≈ a·input_tokens +
 * b·output_tokens (closed form below). Savings = Σ over the calls that read or wrote the cache of
 * (a·input_tokens + b·output_tokens − cost): what they would have cost uncached minus what they cost, net of cache
 * write premiums. Exact for linear prices constant over the range; NULL when the model has no uncached calls or their
 * token mix cannot separate a from b; off under tiered (long-context) prices or a price change within the range.
 * The sums are additive, so closed hours come from the hourly rollup and the fit runs over its rows.
 */
const cacheSavings = [
  'SELECT provider, model, cached_calls, cache_reads, cached_cost,',
  '  round(a * cached_in + b * cached_out, 6) AS uncached_estimate,',
  '  round(a * cached_in + b * cached_out - toFloat64(cached_cost), 6) AS estimated_savings',
  'FROM (',
  '  SELECT provider, model,',
  '    sum(cached_calls) AS cached_calls, sum(cached_cache_reads) AS cache_reads, sum(cached_cost) AS cached_cost,',
  '    sum(cached_in) AS cached_in, sum(cached_out) AS cached_out,',
  '    sum(fit_xx) AS sxx, sum(fit_xy) AS sxy, sum(fit_yy) AS syy, sum(fit_xc) AS sxc, sum(fit_yc) AS syc,',
  '    sxx * syy - sxy * sxy AS det,',
  // Output-free models (embeddings) fit input alone; a near-singular system (collinear token mix) gives NULL.
  '    if(syy = 0, sxc / nullIf(sxx, 0), if(det > 1e-9 * sxx * syy, (sxc * syy - syc * sxy) / det, NULL)) AS a,',
  '    if(syy = 0, 0, if(det > 1e-9 * sxx * syy, (syc * sxx - sxc * sxy) / det, NULL)) AS b',
  nested(from(HOURLY)),
  '  GROUP BY provider, model',
  '  HAVING cached_calls > 0',
  ')',
  'ORDER BY estimated_savings DESC NULLS LAST, provider, model',
  SETTINGS,
].join('\n');

export function providersModels(): Dashboard {
  return dashboard({
    uid: PAGES.providersModels.uid,
    title: PAGES.providersModels.title,
    description: 'Spend, tokens, cache hit ratio and savings, cost per 1k calls and error rate by provider and model.',
    links: siblingLinks('providersModels'),
    variables: VARIABLES,
    rows: [
      [
        stat({
          title: 'Spend and cost per 1k calls',
          description: 'Priced spend, and priced spend per 1,000 priced calls (unpriced calls are in neither).',
          sql: totals(HOURLY, { spend: SPEND, cost_per_1k_calls: COST_PER_1K_CALLS }),
          unit: 'currencyUSD',
          columns: { spend: titled('Spend'), cost_per_1k_calls: titled('Cost per 1k calls') },
          width: 12,
        }),
        stat({
          title: 'Cache hit ratio and error rate',
          description: 'Cache-read share of input tokens (calls that report cache usage), and the share of calls that ended in error.',
          sql: totals(HOURLY, { cache_hit_ratio: CACHE_HIT_RATIO, error_rate: ERROR_RATE }),
          unit: 'percentunit',
          columns: { cache_hit_ratio: titled('Cache hit ratio'), error_rate: titled('Error rate') },
          width: 12,
        }),
      ],
      [
        timeseries({
          title: 'Spend by model',
          description: 'Priced spend per time bucket, stacked by model.',
          sql: seriesBy(HOURLY, 'model', { spend: SPEND }),
          unit: 'currencyUSD',
          splitBy: 'model',
          stacked: true,
          bars: true,
          interval: '1h',
          width: 12,
          height: 9,
        }),
        timeseries({
          title: 'Tokens in and out',
          description: 'Input tokens (including cache reads), of which cache reads, and output tokens per time bucket.',
          sql: series(HOURLY, {
            tokens_in: 'sum(input_tokens_sum)',
            cache_reads: 'sum(cache_read_tokens_sum)',
            tokens_out: 'sum(output_tokens_sum)',
          }),
          unit: 'short',
          interval: '1h',
          width: 12,
          height: 9,
        }),
      ],
      [
        table({
          title: 'Providers and models',
          description:
            'Per model: calls, priced spend, tokens, cache hit ratio (cache reads / input tokens), priced spend per 1,000 ' +
            'priced calls, error rate and unpriced calls.',
          sql: ranked(
            HOURLY,
            ['provider', 'model'],
            {
              calls: CALLS,
              spend: SPEND,
              tokens_in: 'sum(input_tokens_sum)',
              tokens_out: 'sum(output_tokens_sum)',
              cache_reads: 'sum(cache_read_tokens_sum)',
              cache_hit_ratio: CACHE_HIT_RATIO,
              cost_per_1k_calls: COST_PER_1K_CALLS,
              error_rate: ERROR_RATE,
              unpriced_calls: UNPRICED,
            },
            'spend DESC NULLS LAST',
            100,
          ),
          columns: {
            provider: titled('Provider'),
            model: titled('Model', { link: drillDown('features', 'model') }),
            calls: titled('Calls', COUNT),
            spend: titled('Spend', MONEY),
            tokens_in: titled('Input tokens', COUNT),
            tokens_out: titled('Output tokens', COUNT),
            cache_reads: titled('Cache reads', COUNT),
            cache_hit_ratio: titled('Cache hit ratio', RATIO),
            cost_per_1k_calls: titled('Cost per 1k calls', MONEY),
            error_rate: titled('Error rate', RATIO),
            unpriced_calls: titled('Unpriced calls', COUNT),
          },
          width: 24,
          height: 10,
        }),
      ],
      [
        timeseries({
          title: 'Cache hit ratio by provider',
          description: 'Cache-read share of input tokens per time bucket, for calls that report cache usage.',
          sql: seriesBy(HOURLY, 'provider', { cache_hit_ratio: CACHE_HIT_RATIO }),
          unit: 'percentunit',
          splitBy: 'provider',
          interval: '1h',
          width: 12,
          height: 8,
        }),
        timeseries({
          title: 'Error rate by provider',
          description: 'Share of calls per time bucket whose span ended with status error.',
          sql: seriesBy(HOURLY, 'provider', { error_rate: ERROR_RATE }),
          unit: 'percentunit',
          splitBy: 'provider',
          interval: '1h',
          width: 12,
          height: 8,
        }),
      ],
      [
        table({
          title: 'Cache savings (estimated)',
          description:
            'Estimate, not billing: per model, uncached input and output prices are fitted (least squares) to its calls ' +
            'without cache tokens; savings = what the calls that used the cache would have cost at those prices minus ' +
            'what they cost, net of cache-write premiums. Exact for flat per-token prices; blank when a model has no ' +
            'uncached calls to fit; off for tiered prices or a price change inside the range.',
          sql: cacheSavings,
          columns: {
            provider: titled('Provider'),
            model: titled('Model'),
            cached_calls: titled('Calls using the cache', COUNT),
            cache_reads: titled('Cache reads', COUNT),
            cached_cost: titled('Their cost', MONEY_SMALL),
            uncached_estimate: titled('Uncached estimate', MONEY_SMALL),
            estimated_savings: titled('Estimated savings', MONEY_SMALL),
          },
          width: 24,
          height: 8,
        }),
      ],
    ],
  });
}
