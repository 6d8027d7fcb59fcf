// Every panel of every dashboard, expanded as Grafana and the ClickHouse datasource would expand it, run on the real
// engine over the fixture, with the exact numbers a person can check by hand from fixture.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL, buildDashboards, expandQuery, type VariableValues } from '@costtrace/dashboards';
import { openEngine, type Engine } from './engine.js';
import { loadFixture, RANGE } from './fixture.js';

const DAY = 86_400_000;
const ALL_VALUES: VariableValues = { app: [ALL], feature: [ALL], user: [ALL], org: [ALL], provider: [ALL], model: [ALL] };

/** Column names, then rows; strings are exact decimal or integer text, numbers are ratios compared to 12 places. */
type Expected = [string[], ...(string | number | null)[][]];

const d = (day: number) => `2025-06-0${day} 00:00:00`;

const EXPECTED: Record<string, Expected> = {
  'costtrace-overview/Spend': [['spend'], ['0.0681']],
  'costtrace-overview/Calls': [
    ['calls', 'errors'],
    ['12', '1'],
  ],
  'costtrace-overview/Unpriced calls': [['unpriced_calls'], ['1']],
  'costtrace-overview/Tokens': [
    ['tokens_in', 'tokens_out'],
    ['115500', '7750'],
  ],
  'costtrace-overview/Spend over time by provider': [
    ['time', 'provider', 'spend'],
    [d(2), 'anthropic', '0.0075'],
    [d(2), 'openai', '0.0021'],
    [d(3), 'openai', '0.0033'],
    [d(4), 'openai', '0.00435'],
    [d(5), 'anthropic', '0.0294'],
    [d(6), 'acme', null],
    [d(6), 'anthropic', '0.015'],
    [d(6), 'openai', '0.0003'],
    [d(7), 'openai', '0.00615'],
  ],
  'costtrace-overview/Cost per run by feature': [
    ['feature', 'avg_per_run'],
    ['chat', '0.0112'],
    ['ai-search', '0.00575'],
    ['summarize', '0.0018'],
    ['untagged', '0.0003'],
    ["it's", '0.00015'],
  ],
  'costtrace-overview/Top features': [
    ['feature', 'spend', 'calls', 'unpriced_calls'],
    ['chat', '0.0486', '5', '1'],
    ['ai-search', '0.01725', '4', '0'],
    ['summarize', '0.0018', '1', '0'],
    ['untagged', '0.0003', '1', '0'],
    ["it's", '0.00015', '1', '0'],
  ],
  'costtrace-overview/Top models': [
    ['provider', 'model', 'spend', 'calls', 'unpriced_calls'],
    ['anthropic', 'claude-sonnet-4', '0.0519', '4', '0'],
    ['openai', 'gpt-4o-mini', '0.0162', '7', '0'],
    ['acme', 'acme-1', null, '1', '1'],
  ],
  'costtrace-overview/Top users': [
    ['user', 'spend', 'calls', 'unpriced_calls'],
    ['u-3', '0.0336', '3', '0'],
    ['u-4', '0.015', '2', '1'],
    ['u-1', '0.0099', '3', '0'],
    ['u-2', '0.00765', '2', '0'],
    ['(none)', '0.0018', '1', '0'],
    ['u-5', '0.00015', '1', '0'],
  ],
  'costtrace-overview/Top orgs': [
    ['org', 'spend', 'calls', 'unpriced_calls'],
    ['o-2', '0.0486', '5', '1'],
    ['o-1', '0.01755', '5', '0'],
    ['(none)', '0.0018', '1', '0'],
    ['o-3', '0.00015', '1', '0'],
  ],
  'costtrace-overview/Calls over time': [
    ['time', 'calls', 'errors', 'unpriced'],
    [d(2), '2', '0', '0'],
    [d(3), '1', '0', '0'],
    [d(4), '1', '0', '0'],
    [d(5), '2', '0', '0'],
    [d(6), '3', '1', '1'],
    [d(7), '3', '0', '0'],
  ],
  'costtrace-overview/Tokens over time': [
    ['time', 'tokens_in', 'tokens_out'],
    [d(2), '12000', '1100'],
    [d(3), '20000', '500'],
    [d(4), '40000', '1000'],
    [d(5), '11000', '1200'],
    [d(6), '5500', '450'],
    [d(7), '27000', '3500'],
  ],
  'costtrace-overview/Unpriced calls by model': [
    ['provider', 'model', 'reason', 'unpriced_calls', 'last_seen'],
    ['acme', 'acme-1', 'model not in catalog', '1', '2025-06-06 10:00:00.000000'],
  ],
  'costtrace-features/Spend by feature': [
    ['time', 'feature', 'spend'],
    [d(2), 'ai-search', '0.0096'],
    [d(3), 'ai-search', '0.0033'],
    [d(4), 'ai-search', '0.00435'],
    [d(5), 'chat', '0.0294'],
    [d(6), 'chat', '0.015'],
    [d(6), 'untagged', '0.0003'],
    [d(7), 'chat', '0.0042'],
    [d(7), "it's", '0.00015'],
    [d(7), 'summarize', '0.0018'],
  ],
  'costtrace-features/Calls by feature': [
    ['time', 'feature', 'calls'],
    [d(2), 'ai-search', '2'],
    [d(3), 'ai-search', '1'],
    [d(4), 'ai-search', '1'],
    [d(5), 'chat', '2'],
    [d(6), 'chat', '2'],
    [d(6), 'untagged', '1'],
    [d(7), 'chat', '1'],
    [d(7), "it's", '1'],
    [d(7), 'summarize', '1'],
  ],
  // chat: runs tc1 0.0114, tc2 0.018, tc4 0.0042 are priced (avg 0.0336/3, p95 the largest); tc3 has an unpriced call.
  'costtrace-features/Cost per run': [
    ['feature', 'priced_runs', 'runs_with_unpriced', 'calls', 'spend', 'avg_per_run', 'p95_per_run', 'sampled'],
    ['chat', '3', '1', '5', '0.0486', '0.0112', '0.018', 1],
    ['ai-search', '3', '0', '4', '0.01725', '0.00575', '0.0096', 1],
    ['summarize', '1', '0', '1', '0.0018', '0.0018', '0.0018', 1],
    ['untagged', '1', '0', '1', '0.0003', '0.0003', '0.0003', 1],
    ["it's", '1', '0', '1', '0.00015', '0.00015', '0.00015', 1],
  ],
  'costtrace-features/Model mix': [
    ['feature', 'provider', 'model', 'calls', 'spend', 'share'],
    ['ai-search', 'openai', 'gpt-4o-mini', '3', '0.00975', 0.00975 / 0.01725],
    ['ai-search', 'anthropic', 'claude-sonnet-4', '1', '0.0075', 0.0075 / 0.01725],
    ['chat', 'anthropic', 'claude-sonnet-4', '3', '0.0444', 0.0444 / 0.0486],
    ['chat', 'openai', 'gpt-4o-mini', '1', '0.0042', 0.0042 / 0.0486],
    ['chat', 'acme', 'acme-1', '1', null, null],
    ["it's", 'openai', 'gpt-4o-mini', '1', '0.00015', 1],
    ['summarize', 'openai', 'gpt-4o-mini', '1', '0.0018', 1],
    ['untagged', 'openai', 'gpt-4o-mini', '1', '0.0003', 1],
  ],
  'costtrace-features/Top users of each feature': [
    ['feature', 'user', 'spend', 'calls'],
    ['ai-search', 'u-1', '0.0096', '2'],
    ['ai-search', 'u-2', '0.00765', '2'],
    ['chat', 'u-3', '0.0336', '3'],
    ['chat', 'u-4', '0.015', '2'],
    ["it's", 'u-5', '0.00015', '1'],
    ['summarize', '(none)', '0.0018', '1'],
    ['untagged', 'u-1', '0.0003', '1'],
  ],
  // 0.0681 total minus the 0.0018 call without user and org, over 5 users / 3 orgs
  'costtrace-users-orgs/Active users': [
    ['active_users', 'cost_per_active_user'],
    ['5', '0.01326'],
  ],
  'costtrace-users-orgs/Active orgs': [
    ['active_orgs', 'cost_per_active_org'],
    ['3', '0.0221'],
  ],
  'costtrace-users-orgs/Top spending users': [
    ['user', 'spend', 'calls', 'unpriced_calls', 'features', 'last_seen'],
    ['u-3', '0.0336', '3', '0', '1', '2025-06-07 12:00:00.000000'],
    ['u-4', '0.015', '2', '1', '1', '2025-06-06 10:00:02.000000'],
    ['u-1', '0.0099', '3', '0', '2', '2025-06-06 11:00:00.000000'],
    ['u-2', '0.00765', '2', '0', '1', '2025-06-04 12:00:00.000000'],
    ['(none)', '0.0018', '1', '0', '1', '2025-06-07 00:00:00.000000'],
    ['u-5', '0.00015', '1', '0', '1', '2025-06-07 13:00:00.000000'],
  ],
  'costtrace-users-orgs/Top spending orgs': [
    ['org', 'spend', 'calls', 'unpriced_calls', 'users'],
    ['o-2', '0.0486', '5', '1', '2'],
    ['o-1', '0.01755', '5', '0', '2'],
    ['(none)', '0.0018', '1', '0', '0'],
    ['o-3', '0.00015', '1', '0', '1'],
  ],
  'costtrace-users-orgs/Spend of the top 10 users': [
    ['time', 'user', 'spend'],
    [d(2), 'u-1', '0.0096'],
    [d(3), 'u-2', '0.0033'],
    [d(4), 'u-2', '0.00435'],
    [d(5), 'u-3', '0.0294'],
    [d(6), 'u-1', '0.0003'],
    [d(6), 'u-4', '0.015'],
    [d(7), '(none)', '0.0018'],
    [d(7), 'u-3', '0.0042'],
    [d(7), 'u-5', '0.00015'],
  ],
  // June 6: u-4 (0.015 + an unpriced call) and u-1 (0.0003) → 0.0153 / 2; June 7: (0.0042 + 0.00015) / 2
  'costtrace-users-orgs/Cost per active user': [
    ['time', 'cost_per_active_user'],
    [d(2), '0.0096'],
    [d(3), '0.0033'],
    [d(4), '0.00435'],
    [d(5), '0.0294'],
    [d(6), '0.00765'],
    [d(7), '0.002175'],
  ],
  'costtrace-users-orgs/Org spend by feature': [
    ['org', 'feature', 'spend', 'calls', 'org_spend', 'share_of_org'],
    ['o-2', 'chat', '0.0486', '5', '0.0486', 1],
    ['o-1', 'ai-search', '0.01725', '4', '0.01755', 0.01725 / 0.01755],
    ['o-1', 'untagged', '0.0003', '1', '0.01755', 0.0003 / 0.01755],
    ['(none)', 'summarize', '0.0018', '1', '0.0018', 1],
    ['o-3', "it's", '0.00015', '1', '0.00015', 1],
  ],
  // 11 priced calls; cache reads 38000 over the 115000 input tokens of calls that report cache usage (acme does not)
  'costtrace-providers-models/Spend and cost per 1k calls': [
    ['spend', 'cost_per_1k_calls'],
    ['0.0681', '6.190909090909090909'],
  ],
  'costtrace-providers-models/Cache hit ratio and error rate': [
    ['cache_hit_ratio', 'error_rate'],
    [38000 / 115000, 1 / 12],
  ],
  'costtrace-providers-models/Spend by model': [
    ['time', 'model', 'spend'],
    [d(2), 'claude-sonnet-4', '0.0075'],
    [d(2), 'gpt-4o-mini', '0.0021'],
    [d(3), 'gpt-4o-mini', '0.0033'],
    [d(4), 'gpt-4o-mini', '0.00435'],
    [d(5), 'claude-sonnet-4', '0.0294'],
    [d(6), 'acme-1', null],
    [d(6), 'claude-sonnet-4', '0.015'],
    [d(6), 'gpt-4o-mini', '0.0003'],
    [d(7), 'gpt-4o-mini', '0.00615'],
  ],
  'costtrace-providers-models/Tokens in and out': [
    ['time', 'tokens_in', 'cache_reads', 'tokens_out'],
    [d(2), '12000', '0', '1100'],
    [d(3), '20000', '0', '500'],
    [d(4), '40000', '30000', '1000'],
    [d(5), '11000', '8000', '1200'],
    [d(6), '5500', '0', '450'],
    [d(7), '27000', '0', '3500'],
  ],
  'costtrace-providers-models/Providers and models': [
    [
      'provider',
      'model',
      'calls',
      'spend',
      'tokens_in',
      'tokens_out',
      'cache_reads',
      'cache_hit_ratio',
      'cost_per_1k_calls',
      'error_rate',
      'unpriced_calls',
    ],
    ['anthropic', 'claude-sonnet-4', '4', '0.0519', '16000', '1700', '8000', 0.5, '12.975', 0.25, '0'],
    ['openai', 'gpt-4o-mini', '7', '0.0162', '99000', '6000', '30000', 30000 / 99000, '2.314285714285714285', 0, '0'],
    ['acme', 'acme-1', '1', null, '500', '50', null, null, null, 0, '1'],
  ],
  'costtrace-providers-models/Cache hit ratio by provider': [
    ['time', 'provider', 'cache_hit_ratio'],
    [d(2), 'anthropic', 0],
    [d(2), 'openai', 0],
    [d(3), 'openai', 0],
    [d(4), 'openai', 0.75],
    [d(5), 'anthropic', 8000 / 11000],
    [d(6), 'acme', null],
    [d(6), 'anthropic', 0],
    [d(6), 'openai', 0],
    [d(7), 'openai', 0],
  ],
  'costtrace-providers-models/Error rate by provider': [
    ['time', 'provider', 'error_rate'],
    [d(2), 'anthropic', 0],
    [d(2), 'openai', 0],
    [d(3), 'openai', 0],
    [d(4), 'openai', 0],
    [d(5), 'anthropic', 0],
    [d(6), 'acme', 0],
    [d(6), 'anthropic', 1],
    [d(6), 'openai', 0],
    [d(7), 'openai', 0],
  ],
  // Fitted from uncached calls: gpt-4o-mini a = 0.15/M, b = 0.6/M; claude-sonnet-4 a = 3/M, b = 15/M.
  // s4: 40000·a + 1000·b = 0.0066 uncached vs 0.00435 paid; s5: 10000·a + 200·b = 0.033 vs 0.0114.
  'costtrace-providers-models/Cache savings (estimated)': [
    ['provider', 'model', 'cached_calls', 'cache_reads', 'cached_cost', 'uncached_estimate', 'estimated_savings'],
    ['anthropic', 'claude-sonnet-4', '1', '8000', '0.0114', 0.033, 0.0216],
    ['openai', 'gpt-4o-mini', '1', '30000', '0.00435', 0.0066, 0.00225],
  ],
};

let engine: Engine;

beforeAll(async () => {
  engine = await openEngine();
  await loadFixture(engine);
});

afterAll(async () => {
  await engine?.close();
});

function check(rows: Record<string, unknown>[], [columns, ...expected]: Expected): void {
  expect(rows.map((row) => Object.keys(row))).toEqual(expected.map(() => columns));
  rows.forEach((row, i) =>
    columns.forEach((column, j) => {
      const want = expected[i]![j];
      if (typeof want === 'number') expect(row[column], `row ${i} ${column}`).toBeCloseTo(want, 12);
      else expect(row[column], `row ${i} ${column}`).toBe(want);
    }),
  );
}

const run = (rawSql: string, variables: VariableValues = ALL_VALUES) =>
  engine.rows(expandQuery(rawSql, { ...RANGE, intervalMs: DAY, variables }));

const panels = buildDashboards().flatMap((dashboard) =>
  dashboard.panels.map((panel) => ({ key: `${dashboard.uid}/${panel.title}`, panel })),
);

const rollupRows = async () =>
  engine.rows(
    'SELECT (SELECT count() FROM costtrace.cost_hourly) AS hourly, (SELECT count() FROM costtrace.cost_daily_users) AS daily, (SELECT count() FROM costtrace.cost_daily_runs) AS runs',
  );

describe('every panel, all variables at All', () => {
  test('every panel has expected numbers, and nothing else does', () => {
    expect(panels.map((p) => p.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  // Stopped views have never refreshed: every panel reads cost_events FINAL alone.
  describe('from raw rows (rollups empty)', () => {
    test('the rollups are empty', async () => {
      expect(await rollupRows()).toEqual([{ hourly: '0', daily: '0', runs: '0' }]);
    });
    test.each(panels)('$key', async ({ key, panel }) => {
      check(await run(panel.targets[0]!.rawSql), EXPECTED[key]!);
    });
  });

  // The fixture lies in closed hours and days: once refreshed, the rollups answer for all of it.
  describe('from the refreshed rollups', () => {
    test('the rollups hold the fixture', async () => {
      await engine.refreshRollups();
      const [counts] = await rollupRows();
      expect(Number(counts!.hourly)).toBeGreaterThan(0);
      expect(Number(counts!.daily)).toBeGreaterThan(0);
      expect(Number(counts!.runs)).toBeGreaterThan(0);
    });
    test.each(panels)('$key', async ({ key, panel }) => {
      check(await run(panel.targets[0]!.rawSql), EXPECTED[key]!);
    });
  });
});

const panel = (dashboard: string, title: string) => panels.find((p) => p.key === `${dashboard}/${title}`)!.panel.targets[0]!.rawSql;
const select = (values: Partial<Record<string, string[]>>): VariableValues => ({ ...ALL_VALUES, ...values });

describe('the fixture', () => {
  test('really stores a replayed span and a superseded version: 15 rows for 13 spans', async () => {
    expect(await engine.rows('SELECT count() AS stored, uniqExact(span_id) AS spans FROM costtrace.cost_events')).toEqual([
      { stored: '15', spans: '13' },
    ]);
  });
});

describe('selected variable values', () => {
  const filtered = select({ app: ['shop'], feature: ['ai-search', "it's"], provider: ['openai'] });

  test('several features, one quoted, one provider: s1, s3, s4 and s13', async () => {
    check(await run(panel('costtrace-overview', 'Spend'), filtered), [['spend'], ['0.0099']]);
    check(await run(panel('costtrace-overview', 'Top features'), filtered), [
      ['feature', 'spend', 'calls', 'unpriced_calls'],
      ['ai-search', '0.00975', '3', '0'],
      ["it's", '0.00015', '1', '0'],
    ]);
  });

  test('runs are cut by the filter: ai-search run ta1 keeps only its openai call', async () => {
    check(await run(panel('costtrace-features', 'Cost per run'), filtered), [
      ['feature', 'priced_runs', 'runs_with_unpriced', 'calls', 'spend', 'avg_per_run', 'p95_per_run', 'sampled'],
      ['ai-search', '3', '0', '3', '0.00975', '0.00325', '0.00435', 1],
      ["it's", '1', '0', '1', '0.00015', '0.00015', '0.00015', 1],
    ]);
  });

  test("the '(none)' and 'untagged' labels select the calls without a user or a feature", async () => {
    check(await run(panel('costtrace-overview', 'Spend'), select({ user: ['(none)'] })), [['spend'], ['0.0018']]);
    check(await run(panel('costtrace-overview', 'Spend'), select({ feature: ['untagged'] })), [['spend'], ['0.0003']]);
  });

  test('an org and model with only unpriced calls: one unpriced call and no spend, never $0', async () => {
    const acme = select({ org: ['o-2'], model: ['acme-1'] });
    check(await run(panel('costtrace-overview', 'Unpriced calls'), acme), [['unpriced_calls'], ['1']]);
    check(await run(panel('costtrace-overview', 'Spend'), acme), [['spend'], [null]]);
  });
});

describe('variable option lists', () => {
  const variables = buildDashboards()[0]!.templating.list;
  const options = async (name: string, values: VariableValues = ALL_VALUES) =>
    (await run(variables.find((v) => v.name === name)!.query.rawSql, values)).map((row) => Object.values(row)[0]);

  test('list the values in the range, with labels for empty attribution', async () => {
    expect(await options('app')).toEqual(['admin', 'shop']);
    expect(await options('feature')).toEqual(['ai-search', 'chat', "it's", 'summarize', 'untagged']);
    expect(await options('org')).toEqual(['(none)', 'o-1', 'o-2', 'o-3']);
    expect(await options('provider')).toEqual(['acme', 'anthropic', 'openai']);
    expect(await options('model')).toEqual(['acme-1', 'claude-sonnet-4', 'gpt-4o-mini']);
  });

  test('users come most recently active first', async () => {
    expect(await options('user')).toEqual(['u-5', 'u-3', '(none)', 'u-1', 'u-4', 'u-2']);
  });

  test('follow the variables they depend on', async () => {
    expect(await options('model', select({ provider: ['openai'] }))).toEqual(['gpt-4o-mini']);
    expect(await options('user', select({ org: ['o-1'] }))).toEqual(['u-1', 'u-2']);
    expect(await options('feature', select({ app: ['admin'] }))).toEqual(['summarize']);
  });
});

describe('replays and re-prices after a refresh', () => {
  const spend = (range: { from: Date; to: Date } = RANGE) =>
    engine.rows(expandQuery(panel('costtrace-overview', 'Spend'), { ...range, intervalMs: DAY, variables: ALL_VALUES }));
  const insert = (values: Record<string, unknown>[]) =>
    engine.client.insert({ table: 'costtrace.cost_events', values, format: 'JSONEachRow' });
  const s1 = {
    timestamp: '2025-06-02 10:00:00',
    app: 'shop',
    feature: 'ai-search',
    user_id: 'u-1',
    org_id: 'o-1',
    provider: 'openai',
    model: 'gpt-4o-mini',
    input_tokens: 10000,
    output_tokens: 1000,
    cache_read_tokens: 0,
    cost_usd: '0.0021',
    trace_id: 'ta1',
    span_id: 's1',
    version: 1,
  };

  test('a span replayed into a rolled-up hour still counts once, before and after the next refresh', async () => {
    await engine.refreshRollups();
    await insert([s1]);
    check(await spend(), [['spend'], ['0.0681']]);
    await engine.refreshRollups();
    check(await spend(), [['spend'], ['0.0681']]);
    check(await run(panel('costtrace-users-orgs', 'Top spending users')), EXPECTED['costtrace-users-orgs/Top spending users']!);
  });

  test('a re-price of a rolled-up hour shows once, from the next refresh', async () => {
    await insert([{ ...s1, cost_usd: '0.0024', version: 2 }]);
    await engine.refreshRollups();
    check(await spend(), [['spend'], ['0.0684']]);
    await insert([{ ...s1, cost_usd: '0.0021', version: 3 }]);
    await engine.refreshRollups();
    check(await spend(), [['spend'], ['0.0681']]);
  });

  test('ranges that cut hours read the partial hours raw: s1 (10:00:00) out, s12 (12:00:00, the last second) in', async () => {
    const range = { from: new Date('2025-06-02T10:00:01Z'), to: new Date('2025-06-07T12:00:00Z') };
    check(await spend(range), [['spend'], ['0.06585']]);
  });

  test('calls after the boundary are read raw, a replay of them once', async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const fresh = { ...s1, timestamp: now.toISOString().replace('T', ' ').slice(0, 19), trace_id: 'tn1', span_id: 's14', cost_usd: '0.5' };
    await insert([fresh]);
    await insert([fresh]);
    check(await spend({ from: RANGE.from, to: new Date(now.getTime() + 3_600_000) }), [['spend'], ['0.5681']]);
    check(await run(panel('costtrace-users-orgs', 'Top spending users'), ALL_VALUES), EXPECTED['costtrace-users-orgs/Top spending users']!);
  });
});

describe('the user option list when the last day of the range holds 1,000 users', () => {
  const week = { from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-01-07T23:59:59Z') };
  const users = async (values: Partial<Record<string, string[]>>) => {
    const variable = buildDashboards()[0]!.templating.list.find((v) => v.name === 'user')!;
    const rows = await engine.rows(expandQuery(variable.query.rawSql, { ...week, intervalMs: DAY, variables: select(values) }));
    return rows.map((row) => row.user);
  };

  test('lists that day’s users newest first, and earlier users only when the day holds fewer than 1,000', async () => {
    // b-0 … b-999 one second apart on the last day, three of them in org o-busy; u-old in o-busy four days earlier.
    await engine.client.command({
      query: `INSERT INTO costtrace.cost_events (timestamp, app, feature, user_id, org_id, provider, model, trace_id, span_id, version)
              SELECT toDateTime64('2030-01-07 00:00:00', 6, 'UTC') + toIntervalSecond(number), 'busy', 'f', concat('b-', toString(number)),
                     if(number < 3, 'o-busy', 'o-x'), 'openai', 'gpt-4o-mini', concat('tb-', toString(number)), 'sb', 1
              FROM numbers(1000)
              UNION ALL
              SELECT toDateTime64('2030-01-03 00:00:00', 6, 'UTC'), 'busy', 'f', 'u-old', 'o-busy', 'openai', 'gpt-4o-mini', 'tu', 'su', 1`,
    });
    const all = await users({ app: ['busy'] });
    expect(all).toHaveLength(1000);
    expect(all.slice(0, 2)).toEqual(['b-999', 'b-998']);
    expect(all).not.toContain('u-old');
    expect(await users({ org: ['o-busy'] })).toEqual(['b-2', 'b-1', 'b-0', 'u-old']);
  });
});

describe('runs that cross a midnight or the edge of the rolled-up days', () => {
  const range = { from: new Date('2025-04-30T12:00:00Z'), to: new Date('2025-05-03T12:00:00Z') };
  const call = (timestamp: string, trace: string, span: string, cost: string) => ({
    timestamp,
    app: 'shop',
    feature: 'night',
    provider: 'openai',
    model: 'gpt-4o-mini',
    cost_usd: cost,
    trace_id: trace,
    span_id: span,
    status_code: 'ok',
    version: 1,
  });

  test('are summed again by trace: one run per trace, whichever side each call was read on', async () => {
    // tn1 crosses midnight inside the rolled-up days (May 1 → 2); tn2 starts in the partial first day (read raw).
    await engine.client.insert({
      table: 'costtrace.cost_events',
      values: [
        call('2025-05-01 23:59:59', 'tn1', 'n1', '0.001'),
        call('2025-05-02 00:00:01', 'tn1', 'n2', '0.002'),
        call('2025-04-30 13:00:00', 'tn2', 'n3', '0.004'),
        call('2025-05-01 01:00:00', 'tn2', 'n4', '0.001'),
      ],
      format: 'JSONEachRow',
    });
    await engine.refreshRollups();
    const [counts] = await engine.rows("SELECT count() AS rows FROM costtrace.cost_daily_runs WHERE feature = 'night'");
    expect(counts).toEqual({ rows: '4' });
    const sql = expandQuery(panel('costtrace-features', 'Cost per run'), {
      ...range,
      intervalMs: DAY,
      variables: select({ feature: ['night'] }),
    });
    check(await engine.rows(sql), [
      ['feature', 'priced_runs', 'runs_with_unpriced', 'calls', 'spend', 'avg_per_run', 'p95_per_run', 'sampled'],
      ['night', '2', '0', '4', '0.008', '0.004', '0.005', 1],
    ]);
  });
});
