// Every panel reads the rollups where they can answer and cost_events FINAL for the rest: over a dataset that ends
// now (so the ranges cross a partial first day, the rollups' clipped current day and hour, and the raw calls since
// their boundary), with replays, re-prices, users in two orgs, calls without user or org, unpriced calls, and enough
// users and features that the per-user pruning really rules users out, each panel's rows must be exactly those the
// same panel gives when a provider selection sends every read to cost_events FINAL.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL, buildDashboards, expandQuery, type VariableValues } from '@costtrace/dashboards';
import { openEngine, type Engine } from './engine.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;
const MIDNIGHT = Math.floor(NOW / DAY) * DAY;
const START = NOW - 40 * DAY;
const CALLS = 24_000;
const PROVIDERS = ['anthropic', 'openai'];
const ALL_VALUES: VariableValues = { app: [ALL], feature: [ALL], user: [ALL], org: [ALL], provider: [ALL], model: [ALL] };

/**
 * CALLS calls evenly over the 40 days up to now. Users are skewed (u-0 makes most calls) and use every feature; 'rare'
 * is used by three light users only; u-0 … u-19 also call for org o-x; 1 in 53 calls has no user or org, 1 in 31 is
 * unpriced. Costs are exact decimals.
 */
const calls = (where: string, version = '1', cost = 'cost') => `
  INSERT INTO costtrace.cost_events (timestamp, app, feature, user_id, org_id, provider, model, cost_usd, trace_id, span_id, status_code, version)
  SELECT ts, app, feature, user_id, org_id, provider, 'm', ${cost}, toString(number), 's', 'ok', ${version}
  FROM (
    SELECT number, h, toDateTime64(${START / 1000}, 6, 'UTC') + toIntervalMicrosecond(toUInt64(number * ${((NOW - START) * 1000) / CALLS})) AS ts,
      ['shop', 'admin'][h % 2 + 1] AS app,
      if(h % 97 = 0, 'rare', ['search', 'chat', 'summarize', 'translate', 'classify', 'extract', 'draft', 'rerank', ''][intDiv(h, 3) % 9 + 1]) AS feature,
      toUInt32(pow((intDiv(h, 7) % 1000) / 1000, 3) * 300) AS u,
      multiIf(feature = 'rare', concat('light-', toString(h % 3)), h % 53 = 0, '', concat('u-', toString(u))) AS user_id,
      multiIf(user_id = '', '', u < 20 AND h % 11 = 0, 'o-x', concat('o-', toString(u % 25))) AS org_id,
      ['${PROVIDERS.join("', '")}'][intDiv(h, 5) % 2 + 1] AS provider,
      if(h % 31 = 0, NULL, toDecimal128(intDiv(h, 13) % 1000 + 1, 18) * toDecimal128('0.00001', 18)) AS cost
    FROM (SELECT number, intHash64(number) AS h FROM numbers(${CALLS}))
  )
  WHERE ${where}`;

let engine: Engine;

beforeAll(async () => {
  engine = await openEngine();
  await engine.client.command({ query: calls('1') });
  // Re-priced before the refresh (a newer version), and replayed (the same version again) before and after it.
  await engine.client.command({ query: calls('h % 77 = 0', '2', 'cost * 2') });
  await engine.client.command({ query: calls('h % 50 = 0') });
  await engine.refreshRollups();
  await engine.client.command({ query: calls('h % 45 = 0') });
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

interface Range {
  name: string;
  from: number;
  to: number;
}

const RANGES: Range[] = [
  { name: 'the last 30 days', from: NOW - 30 * DAY, to: NOW },
  { name: 'mid-day to mid-day, ending before the boundary', from: NOW - 30 * DAY + 5 * HOUR + 17 * 60_000, to: NOW - 3 * DAY - 7 * HOUR },
  { name: 'today', from: MIDNIGHT, to: NOW },
  { name: 'starting before the data, ending at a midnight', from: NOW - 45 * DAY, to: MIDNIGHT - 33 * DAY },
];

const SELECTIONS: Record<string, string[]>[] = [
  { user: ['u-0', 'u-3', 'light-1'] },
  { org: ['o-x', 'o-3'] },
  { user: ['(none)'] },
  { feature: ['chat', 'rare'] },
];

const dashboards = buildDashboards();
const panels = dashboards.flatMap((d) =>
  d.panels.map((panel) => ({ key: `${d.uid}/${panel.title}`, sql: panel.targets[0]!.rawSql, series: panel.type === 'timeseries' })),
);
/** The panels that read the per-user and per-org rollups (the others' selections are covered by panels.test.ts). */
const perUser = panels.filter(({ sql }) => /cost_(user|org)_(days|blocks)/.test(sql));

/** Numbers (ratios and estimates computed in Float64) to 1e-9 relative; everything else exactly. */
function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(Object.keys(row), label).toEqual(Object.keys(expected[i]!));
    for (const [column, value] of Object.entries(row)) {
      const want = expected[i]![column];
      if (typeof value === 'number' && typeof want === 'number') {
        expect(Math.abs(value - want), `${label} row ${i} ${column}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      } else expect(value, `${label} row ${i} ${column}`).toEqual(want);
    }
  });
}

/** The panel's rows over `range` under `values`, then the same with every provider selected: every read raw. */
async function expectRaw(panel: (typeof panels)[number], range: Range, values: Record<string, string[]> = {}): Promise<void> {
  for (const intervalMs of panel.series ? [DAY, 2 * DAY] : [DAY]) {
    const run = (more: Record<string, string[]>) =>
      engine.rows(
        expandQuery(panel.sql, {
          from: new Date(range.from),
          to: new Date(range.to),
          intervalMs,
          variables: { ...ALL_VALUES, ...values, ...more },
        }),
      );
    // No rollup can filter by provider: with every provider selected, every read goes to cost_events FINAL.
    expectSameRows(await run({}), await run({ provider: PROVIDERS }), `${panel.key}, ${intervalMs / DAY}-day buckets`);
  }
}

describe.each(RANGES)('$name', (range) => {
  test.each(panels)('$key', async (panel) => {
    await expectRaw(panel, range);
  });
});

describe.each(SELECTIONS)('selected: %o', (values) => {
  test.each(perUser)('$key', async (panel) => {
    for (const range of [RANGES[0]!, RANGES[2]!]) await expectRaw(panel, range, values);
  });
});

/** A panel's WITH items, to read the values its pruning computed. */
async function pruningOf(key: string, select: string): Promise<Record<string, unknown>> {
  const sql = panels.find((p) => p.key === key)!.sql;
  const items = sql.slice(0, sql.indexOf('\nSELECT *\nFROM ('));
  const [row] = await engine.rows(
    expandQuery(`${items}\n${select}`, { from: new Date(NOW - 30 * DAY), to: new Date(NOW), intervalMs: DAY, variables: ALL_VALUES }),
  );
  return row!;
}

describe('on this data the pruning rules users out, so the pruned reads are the ones compared above', () => {
  test('top spending users: 50 or a few more candidates among the users', async () => {
    const { candidates, everyone } = await pruningOf(
      'costtrace-users-orgs/Top spending users',
      'SELECT length(spenders.1) AS candidates, spenders.2 AS everyone',
    );
    expect(everyone).toBe(0);
    expect(Number(candidates)).toBeGreaterThanOrEqual(50);
    expect(Number(candidates)).toBeLessThan(100);
  });

  test("top users of each feature: a threshold for every feature but 'rare', and a few candidates", async () => {
    const row = await pruningOf(
      'costtrace-features/Top users of each feature',
      'SELECT length(feature_candidates.1) AS candidates, feature_candidates.2 AS everyone, arraySort(pruned_features) AS pruned',
    );
    expect(row.everyone).toBe(0);
    expect(row.pruned).toEqual(['', 'chat', 'classify', 'draft', 'extract', 'rerank', 'search', 'summarize', 'translate']);
    const [users] = await engine.rows(
      `SELECT uniqExact(user_id) AS n FROM costtrace.cost_events WHERE timestamp >= fromUnixTimestamp64Milli(${NOW - 30 * DAY})`,
    );
    expect(Number(row.candidates)).toBeGreaterThanOrEqual(10);
    expect(Number(row.candidates)).toBeLessThan(Number(users!.n));
  });
});
