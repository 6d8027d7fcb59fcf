// A real ClickHouse engine for dashboard tests: chDB in a fresh temp directory, the collector's own migrations, and
// queries that return exact decimals and 64-bit integers as strings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { DATABASE, MIGRATIONS, ROLLUP_VIEWS } from '../../collector/src/store/schema.js';

export interface Engine {
  client: ClickHouseClient;
  /** Runs a SELECT and returns its rows with decimals and 64-bit integers as strings. */
  rows(query: string): Promise<Record<string, unknown>[]>;
  /** Recomputes every rollup now, as the collector's scheduled refresh would, and waits for it. */
  refreshRollups(): Promise<void>;
  close(): Promise<void>;
}

/** Opens chDB on a new temp directory (one per test file: chDB allows one data directory per process). */
export async function openEngine(): Promise<Engine> {
  const dir = mkdtempSync(path.join(tmpdir(), 'costtrace-dashboards-'));
  const client = createClient({ connection: createChdbConnection({ path: dir }) });
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${DATABASE} ENGINE = Atomic` });
  for (const migration of MIGRATIONS) for (const statement of migration.statements) await client.command({ query: statement });
  // Rollups refresh only when a test asks (refreshRollups), so a test knows which path it reads.
  for (const view of ROLLUP_VIEWS) await client.command({ query: `SYSTEM STOP VIEW ${view}` });
  return {
    client,
    async rows(query) {
      const result = await client.query({
        query,
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_decimals: 1, output_format_json_quote_64bit_integers: 1 },
      });
      return result.json<Record<string, unknown>>();
    },
    async refreshRollups() {
      // Started just for this refresh and stopped again, so no scheduled refresh changes the path a test reads.
      for (const view of ROLLUP_VIEWS) {
        await client.command({ query: `SYSTEM START VIEW ${view}` });
        await client.command({ query: `SYSTEM REFRESH VIEW ${view}` });
        await client.command({ query: `SYSTEM WAIT VIEW ${view}` });
        await client.command({ query: `SYSTEM STOP VIEW ${view}` });
      }
    },
    async close() {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
