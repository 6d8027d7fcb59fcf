// Above 200k calls in the range, per-run figures come from a uniform sample of whole runs: calls and spend stay
// exact, the average stays exact when every run costs the same, and run counts are scaled-up estimates.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ALL, buildDashboards, expandQuery } from '@costtrace/dashboards';
import { openEngine, type Engine } from './engine.js';
import { RANGE } from './fixture.js';

let engine: Engine;

beforeAll(async () => {
  engine = await openEngine();
  // 1,000,000 calls in 500,000 runs of two calls; each call costs $0.005, so each run costs exactly $0.01.
  await engine.client.command({
    query: `INSERT INTO costtrace.cost_events (timestamp, app, feature, user_id, provider, model, cost_usd, trace_id, span_id, status_code, version)
            SELECT toDateTime64('2025-06-02 00:00:00', 6, 'UTC') + toIntervalSecond(number % 400000), 'shop', 'bulk', 'u',
                   'openai', 'gpt-4o-mini', toDecimal128('0.005', 18), toString(intDiv(number, 2)), toString(number), 'ok', 1
            FROM numbers(1000000)`,
  });
});

afterAll(async () => {
  await engine?.close();
});

test('a million calls: one run in five sampled, exact totals and average, estimated run count', async () => {
  const panel = buildDashboards()
    .find((d) => d.uid === 'costtrace-features')!
    .panels.find((p) => p.title === 'Cost per run')!;
  const variables = { app: [ALL], feature: [ALL], user: [ALL], org: [ALL], provider: [ALL], model: [ALL] };
  const [row] = await engine.rows(expandQuery(panel.targets[0]!.rawSql, { ...RANGE, intervalMs: 86_400_000, variables }));
  expect(row).toMatchObject({ feature: 'bulk', calls: '1000000', spend: '5000', avg_per_run: '0.01', p95_per_run: '0.01', sampled: 0.2 });
  expect(row!.runs_with_unpriced).toBe('0');
  expect(Math.abs(Number(row!.priced_runs) - 500_000)).toBeLessThan(10_000);
});
