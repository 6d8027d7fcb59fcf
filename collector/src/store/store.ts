// The storage port: everything the collector and CLI need from ClickHouse, whichever engine answers.
import type { ClickHouseClient } from '@clickhouse/client';

export type OutputFormat = 'table' | 'json' | 'csv';

export interface Store {
  readonly mode: 'embedded' | 'server';
  /** Data directory or server URL (password removed), for messages. */
  readonly location: string;
  /** Client for inserts and migrations. */
  readonly ingest: ClickHouseClient;
  /** Client for reads; embedded mode uses a second connection so reads never wait behind inserts. */
  readonly reader: ClickHouseClient;
  close(): Promise<void>;
}

/** Settings on every read: exact decimals and 64-bit ints as JSON strings, and no writes whatever the SQL says. */
export const READ_SETTINGS = {
  readonly: '2',
  output_format_json_quote_decimals: 1,
  output_format_json_quote_64bit_integers: 1,
} as const;

const CLICKHOUSE_FORMATS: Record<OutputFormat, string> = {
  table: 'PrettyCompactMonoBlock',
  json: 'JSON',
  csv: 'CSVWithNames',
};

/** Runs a read-only query and returns its rows as objects (decimals and 64-bit integers as strings). */
export async function queryRows<T = Record<string, unknown>>(
  store: Store,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await store.reader.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: READ_SETTINGS,
  });
  return result.json<T>();
}

/** Runs a read-only query and returns ClickHouse's own rendering of it in the requested format. */
export async function queryText(store: Store, query: string, format: OutputFormat, params: Record<string, unknown> = {}): Promise<string> {
  const result = await store.reader.query({
    query,
    query_params: params,
    format: CLICKHOUSE_FORMATS[format] as 'JSON',
    clickhouse_settings: READ_SETTINGS,
  });
  return result.text();
}
