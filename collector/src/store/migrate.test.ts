import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStore, DataDirInUseError } from './open-store.js';
import { migrate } from './migrate.js';
import { queryRows, type Store } from './store.js';

let store: Store;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costtrace-migrate-'));

beforeAll(async () => {
  store = await openStore({ dataDir });
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('migrations run once, are recorded, and running them again changes nothing', async () => {
  expect(await migrate(store)).toEqual([1, 2, 3, 4, 5]);
  expect(await migrate(store)).toEqual([]);
  const versions = await queryRows<{ version: number }>(store, 'SELECT version FROM costtrace.schema_migrations FINAL ORDER BY version');
  expect(versions.map((v) => Number(v.version))).toEqual([1, 2, 3, 4, 5]);
});

test('cost_events has the DESIGN.md columns with exact decimal money and the dedup sort key', async () => {
  const columns = await queryRows<{ name: string; type: string }>(
    store,
    "SELECT name, type FROM system.columns WHERE database = 'costtrace' AND table = 'cost_events' ORDER BY position",
  );
  const types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
  for (const name of [
    'timestamp',
    'app',
    'feature',
    'user_id',
    'org_id',
    'provider',
    'model',
    'operation',
    'input_tokens',
    'output_tokens',
    'cache_read_tokens',
    'cache_write_tokens',
    'reasoning_tokens',
    'cost_usd',
    'cost_source',
    'price_version',
    'trace_id',
    'span_id',
    'status_code',
    'duration_ms',
    'meta',
  ]) {
    expect(types, name).toHaveProperty(name);
  }
  expect(types.cost_usd).toBe('Nullable(Decimal(38, 18))');
  expect(types.feature).toBe('LowCardinality(String)');
  const [table] = await queryRows<{ engine: string; sorting_key: string; partition_key: string; q: string }>(
    store,
    "SELECT engine, sorting_key, partition_key, create_table_query AS q FROM system.tables WHERE database = 'costtrace' AND name = 'cost_events'",
  );
  expect({ ...table, q: undefined }).toEqual({
    engine: 'ReplacingMergeTree',
    sorting_key: 'app, toDate(timestamp), feature, org_id, user_id, trace_id, span_id',
    partition_key: 'toDate(timestamp)',
    q: undefined,
  });
  // Closed days are merged to one part, so FINAL only merges today's partition.
  expect(table!.q).toMatch(/min_age_to_force_merge_seconds = 3600, min_age_to_force_merge_on_partition_only = 1/);
});

test('retention sets and removes a TTL, which deletes expired days', async () => {
  await migrate(store, { retentionDays: 30 });
  const ddl = async () =>
    (
      await queryRows<{ q: string }>(
        store,
        "SELECT create_table_query AS q FROM system.tables WHERE database = 'costtrace' AND name = 'cost_events'",
      )
    )[0]!.q;
  expect(await ddl()).toMatch(/TTL toDateTime\(timestamp\) \+ toIntervalDay\(30\)/);
  const call = (timestamp: string, span_id: string) => ({ timestamp, app: 'ttl', trace_id: 't', span_id, version: 1 });
  await store.ingest.insert({
    table: 'costtrace.cost_events',
    values: [call('2000-01-01 00:00:00', 'old'), call(new Date().toISOString().slice(0, 19).replace('T', ' '), 'new')],
    format: 'JSONEachRow',
  });
  await store.ingest.command({ query: 'OPTIMIZE TABLE costtrace.cost_events FINAL' });
  const left = await queryRows<{ span_id: string }>(store, "SELECT span_id FROM costtrace.cost_events FINAL WHERE app = 'ttl'");
  expect(left).toEqual([{ span_id: 'new' }]);
  await store.ingest.command({ query: "ALTER TABLE costtrace.cost_events DELETE WHERE app = 'ttl' SETTINGS mutations_sync = 1" });
  await migrate(store);
  expect(await ddl()).not.toMatch(/TTL/);
});

test('the rollups are refreshable views over cost_events FINAL, recomputed on schedule', async () => {
  const views = await queryRows<{ view: string; status: string }>(
    store,
    "SELECT view, status FROM system.view_refreshes WHERE database = 'costtrace' ORDER BY view",
  );
  expect(views.map((v) => v.view)).toEqual([
    'cost_daily_runs',
    'cost_daily_users',
    'cost_hourly',
    'cost_org_blocks',
    'cost_user_blocks',
    'cost_user_days',
  ]);
  const ddl = async (name: string) =>
    (
      await queryRows<{ q: string }>(
        store,
        `SELECT create_table_query AS q FROM system.tables WHERE database = 'costtrace' AND name = '${name}'`,
      )
    )[0]!.q;
  const hourly = await ddl('cost_hourly');
  expect(hourly).toMatch(/REFRESH EVERY 1 MINUTE/);
  expect(hourly).toMatch(/FROM costtrace\.cost_events FINAL/);
  // The per-user rollups: the day one from cost_events FINAL up to the current hour, the block ones from it after each
  // of its refreshes.
  const days = await ddl('cost_user_days');
  expect(days).toMatch(/REFRESH EVERY 10 MINUTE/);
  expect(days).toMatch(/toStartOfHour\(now\('UTC'\)\) AS boundary/);
  expect(days).toMatch(/FROM costtrace\.cost_events FINAL/);
  for (const name of ['cost_user_blocks', 'cost_org_blocks']) {
    expect(await ddl(name)).toMatch(/REFRESH EVERY 10 MINUTE DEPENDS ON costtrace\.cost_user_days/);
  }
});

test('the per-user rollups fill from cost_events: a row per user and org per block, ranked per user', async () => {
  const [before] = await queryRows<{ n: string }>(store, 'SELECT count() AS n FROM costtrace.cost_user_blocks');
  expect(before).toEqual({ n: '0' });
  const call = (timestamp: string, span_id: string, user_id: string, org_id: string, cost_usd: string | null) => ({
    timestamp,
    app: 'm5',
    feature: 'f',
    user_id,
    org_id,
    cost_usd,
    trace_id: 't',
    span_id,
    version: 1,
  });
  await store.ingest.insert({
    table: 'costtrace.cost_events',
    values: [
      call('2024-03-01 10:00:00', 'a', 'u1', 'o1', '0.5'),
      call('2024-03-01 11:00:00', 'b', 'u1', 'o2', '0.25'),
      call('2024-02-29 09:00:00', 'c', 'u2', 'o1', null),
    ],
    format: 'JSONEachRow',
  });
  for (const view of ['cost_user_days', 'cost_user_blocks', 'cost_org_blocks']) {
    await store.ingest.command({ query: `SYSTEM REFRESH VIEW costtrace.${view}` });
    await store.ingest.command({ query: `SYSTEM WAIT VIEW costtrace.${view}` });
  }
  // Level 1 (two days from an even day since 1970): 2024-02-29 and 03-01 share a block. u1 has a row per org, one
  // of them marked, ranked by what it spent in both.
  const rows = await queryRows(
    store,
    `SELECT user_id, org_id, call_count, unpriced_count, spend_usd, feature_spend_bound, first_of_user, spend_rank
     FROM costtrace.cost_user_blocks WHERE level = 1 AND start = '2024-02-29 00:00:00' ORDER BY user_id, org_id`,
  );
  expect(rows).toEqual([
    {
      user_id: 'u1',
      org_id: 'o1',
      call_count: '1',
      unpriced_count: '0',
      spend_usd: '0.5',
      feature_spend_bound: '0.5',
      first_of_user: 1,
      spend_rank: 1,
    },
    {
      user_id: 'u1',
      org_id: 'o2',
      call_count: '1',
      unpriced_count: '0',
      spend_usd: '0.25',
      feature_spend_bound: '0.25',
      first_of_user: 0,
      spend_rank: 1,
    },
    {
      user_id: 'u2',
      org_id: 'o1',
      call_count: '1',
      unpriced_count: '1',
      spend_usd: null,
      feature_spend_bound: null,
      first_of_user: 1,
      spend_rank: 2,
    },
  ]);
  await store.ingest.command({ query: "ALTER TABLE costtrace.cost_events DELETE WHERE app = 'm5' SETTINGS mutations_sync = 1" });
});

test('a replayed span collapses to one row when read with FINAL, and exact decimals survive', async () => {
  const row = {
    timestamp: '1763000000.123456',
    app: 'a',
    feature: 'f',
    user_id: 'u',
    org_id: 'o',
    provider: 'openai',
    model: 'm',
    operation: 'chat',
    cost_usd: '0.000000000000000001',
    trace_id: '0af7651916cd43dd8448eb211c80319c',
    span_id: 'b7ad6b7169203331',
    version: 1,
  };
  await store.ingest.insert({
    table: 'costtrace.cost_events',
    values: [row, row, { ...row, version: 2, cost_usd: '0.123456789012345678' }],
    format: 'JSONEachRow',
  });
  const rows = await queryRows(store, 'SELECT cost_usd, timestamp FROM costtrace.cost_events FINAL');
  expect(rows).toEqual([{ cost_usd: '0.123456789012345678', timestamp: '2025-11-13 02:13:20.123456' }]);
});

test('a second opener of the same directory in another process gets an error naming the directory', async () => {
  const { execFile } = await import('node:child_process');
  const script = `import('${path.resolve('collector/dist/store/open-store.js')}').then(m => m.openStore({ dataDir: ${JSON.stringify(dataDir)} })).then(() => process.exit(0), e => { console.log(e.name + ': ' + e.message); process.exit(3); })`;
  const output = await new Promise<string>((resolve) => execFile(process.execPath, ['-e', script], (_error, stdout) => resolve(stdout)));
  expect(output).toContain(`DataDirInUseError: data directory ${dataDir} is in use`);
  expect(DataDirInUseError.name).toBe('DataDirInUseError');
});
