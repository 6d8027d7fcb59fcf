// Applies schema migrations once each, and the optional retention TTL, at start-up.
import { DATABASE, COST_EVENTS, MIGRATIONS, type Migration } from './schema.js';
import type { Store } from './store.js';

const MIGRATIONS_TABLE = `${DATABASE}.schema_migrations`;

/** Brings the database to the latest schema; safe to run on every start and from several processes in turn. */
export async function migrate(
  store: Store,
  options: { retentionDays?: number } = {},
  migrations: Migration[] = MIGRATIONS,
): Promise<number[]> {
  const client = store.ingest;
  // Atomic: the engine refreshable materialized views and EXCHANGE need (the embedded default database is not).
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${DATABASE} ENGINE = Atomic` });
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version UInt32, description String, applied_at DateTime DEFAULT now())
            ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const result = await client.query({ query: `SELECT version FROM ${MIGRATIONS_TABLE} FINAL`, format: 'JSONEachRow' });
  const done = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) await client.command({ query: statement });
    await client.insert({
      table: MIGRATIONS_TABLE,
      values: [{ version: migration.version, description: migration.description }],
      format: 'JSONEachRow',
    });
    applied.push(migration.version);
  }
  const ttl = options.retentionDays ? `MODIFY TTL toDateTime(timestamp) + INTERVAL ${Math.trunc(options.retentionDays)} DAY` : 'REMOVE TTL';
  await client.command({ query: `ALTER TABLE ${COST_EVENTS} ${ttl}` }).catch((error: Error) => {
    // REMOVE TTL on a table that never had one is an error in ClickHouse; nothing to undo then.
    if (options.retentionDays || !/TTL/i.test(error.message)) throw error;
  });
  return applied;
}
