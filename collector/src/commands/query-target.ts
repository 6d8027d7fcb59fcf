// Where `sql` and `report` read from: the running `costtrace serve` that holds the data directory (over its
// read-only HTTP API), or the storage itself when no service holds it.
import { loadConfig, type CollectorConfig } from '../config.js';
import { isAlive, openStore, readServeInfo } from '../store/open-store.js';
import { queryText, type OutputFormat } from '../store/store.js';

export interface TargetOptions {
  data?: string;
  clickhouse?: string;
}

export interface QueryTarget {
  /** Runs a read-only query and returns the text of the requested format. */
  text(query: string, format: OutputFormat, params?: Record<string, unknown>): Promise<string>;
  /** GETs a /v1 API path from the running service, or undefined when none is running. */
  api?: (path: string) => Promise<string>;
  close(): Promise<void>;
}

/** The `costtrace serve` holding an embedded data directory, if one runs: where to call it and with which headers. */
export function runningService(
  config: Pick<CollectorConfig, 'dataDir' | 'clickhouseUrl'>,
): { base: string; headers: Record<string, string> } | undefined {
  const info = config.clickhouseUrl ? undefined : readServeInfo(config.dataDir);
  if (!info || !isAlive(info.pid)) return undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (process.env.COSTTRACE_API_KEY) headers.authorization = `Bearer ${process.env.COSTTRACE_API_KEY}`;
  return { base: `http://127.0.0.1:${info.port}`, headers };
}

export async function openQueryTarget(options: TargetOptions): Promise<QueryTarget> {
  const config = loadConfig({ dataDir: options.data, clickhouseUrl: options.clickhouse });
  const service = runningService(config);
  if (service) {
    const { base, headers } = service;
    const check = async (res: Response) => {
      const body = await res.text();
      if (!res.ok) throw new Error(errorText(body) ?? `collector answered ${res.status}`);
      return body;
    };
    return {
      text: async (query, format, params) => {
        if (params && Object.keys(params).length > 0) throw new Error('parameters are not supported through a running service');
        return check(await fetch(`${base}/v1/sql`, { method: 'POST', headers, body: JSON.stringify({ query, format }) }));
      },
      api: async (path) => check(await fetch(`${base}${path}`, { headers })),
      close: async () => {},
    };
  }
  const store = await openStore(config);
  return { text: (query, format, params) => queryText(store, query, format, params), close: () => store.close() };
}

/** The `error` of a JSON error answer from the collector, else the body itself. */
export function errorText(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: string }).error;
  } catch {
    return body || undefined;
  }
}
