// The SQL examples of the root README's "Querying with SQL" section run as written on the real engine, with now()
// pinned to the end of the fixture's week, and give the fixture's numbers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openEngine, type Engine } from './engine.js';
import { loadFixture } from './fixture.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const doc = readme.slice(readme.indexOf('## Querying with SQL'), readme.indexOf('\n## ', readme.indexOf('## Querying with SQL') + 1));
const examples = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) =>
  m[1]!.replaceAll('now()', "toDateTime('2025-06-08 00:00:00', 'UTC')"),
);

let engine: Engine;

beforeAll(async () => {
  engine = await openEngine();
  await loadFixture(engine);
});

afterAll(async () => {
  await engine?.close();
});

const run = async (index: number) => engine.rows(examples[index]!);

test('the document has the five examples', () => {
  expect(examples).toHaveLength(5);
});

test('cost per feature per day', async () => {
  const rows = await run(0);
  expect(rows).toContainEqual({ day: '2025-06-05', feature: 'chat', spend: '0.0294', calls: '2', unpriced_calls: '0' });
  expect(rows).toContainEqual({ day: '2025-06-06', feature: 'chat', spend: '0.015', calls: '2', unpriced_calls: '1' });
  expect(rows).toContainEqual({ day: '2025-06-06', feature: 'untagged', spend: '0.0003', calls: '1', unpriced_calls: '0' });
  expect(rows).toHaveLength(10);
});

test('top users this month', async () => {
  expect((await run(1)).map((r) => [r.user_id, r.spend, r.calls, r.unpriced_calls])).toEqual([
    ['u-3', '0.0336', '3', '0'],
    ['u-4', '0.015', '2', '1'],
    ['u-1', '0.0099', '3', '0'],
    ['u-2', '0.00765', '2', '0'],
    ['u-5', '0.00015', '1', '0'],
  ]);
});

test('cost per run by feature (the 30 days include the May 31 run of ai-search)', async () => {
  const rows = await run(2);
  expect(rows[0]).toEqual({
    feature: 'chat',
    priced_runs: '3',
    runs_with_unpriced_calls: '1',
    avg_per_run: '0.0112',
    p95_per_run: '0.018',
  });
  expect(rows).toContainEqual({
    feature: 'ai-search',
    priced_runs: '4',
    runs_with_unpriced_calls: '0',
    avg_per_run: '0.0045',
    p95_per_run: '0.0096',
  });
});

test('cache savings', async () => {
  const rows = await run(3);
  expect(rows.map((r) => [r.model, r.cache_reads, r.cached_cost])).toEqual([
    ['claude-sonnet-4', '8000', '0.0114'],
    ['gpt-4o-mini', '30000', '0.00435'],
  ]);
  expect(rows[0]!.estimated_savings).toBeCloseTo(0.0216, 12);
  expect(rows[1]!.estimated_savings).toBeCloseTo(0.00225, 12);
});

test('unpriced calls by model', async () => {
  expect(await run(4)).toEqual([
    {
      provider: 'acme',
      model: 'acme-1',
      unpriced_reason: 'model not in catalog',
      calls: '1',
      first_seen: '2025-06-06 10:00:00.000000',
      last_seen: '2025-06-06 10:00:00.000000',
    },
  ]);
});
