// Collector configuration: CLI flags over environment over defaults, validated once at start-up (fail fast).
import os from 'node:os';
import path from 'node:path';

export interface CollectorConfig {
  /** HTTP port for OTLP/HTTP, health, metrics and the /v1 API. @default 4318 */
  port: number;
  /** Interface to listen on. @default '0.0.0.0' (containers); tests pass 127.0.0.1 */
  host: string;
  /** Embedded ClickHouse data and the ingest spool live here. @default './.costtrace' */
  dataDir: string;
  /** A ClickHouse server URL (`http://user:password@host:8123`); unset = embedded chDB in dataDir. */
  clickhouseUrl?: string;
  /** Drop rows older than this many days (ClickHouse TTL); unset = keep forever. */
  retentionDays?: number;
  /** Seal a spool segment (one ClickHouse insert) at this many rows... @default 100000 */
  batchMaxRows: number;
  /** ...or when its first row is this old, whichever comes first... @default 400 */
  batchMaxAgeMs: number;
  /** ...or, once it is this old, as soon as traffic pauses (no spans for 20 ms). @default 200 */
  batchMinAgeMs: number;
  /** Largest accepted request body, compressed or not. @default 16 MiB */
  maxBodyBytes: number;
  /** Past this many MiB of rows waiting in the spool, new spans get 503 + Retry-After. @default 1024 */
  maxSpoolMb: number;
  /** Memory limit (MiB): new exports get 503 + Retry-After once the process's RSS passes 85% of it. @default 1024 */
  maxMemoryMb: number;
  /** Exports read, decoded and spooled at once; more get 429 + Retry-After. @default 16 */
  maxConcurrentRequests: number;
  /** Threads that decode, price and encode exports beside the one serving HTTP; 0 = all on one thread.
   * @default one per core, at most 4 */
  processingThreads: number;
  /** A client that sends nothing (headers or body) for this long is cut off; a whole request gets 6x. @default 10000 */
  clientTimeoutMs: number;
  /** Custom prices file (YAML or JSON). */
  pricesFile?: string;
  /** genai-prices `data.json` to refresh the catalog from in the background: http(s) URL, file: URL or path. */
  catalogUrl?: string;
  /** Seconds between catalog refreshes; 0 = once at start-up. @default 21600 (6 hours) */
  catalogRefreshSeconds: number;
}

export type ConfigInput = Partial<Record<keyof CollectorConfig, string | number | undefined>>;

const MiB = 1024 * 1024;

/** Builds a validated config; throws an Error naming the bad setting. */
export function loadConfig(flags: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const pick = (key: keyof CollectorConfig, envName: string) => flags[key] ?? env[envName];
  const clickhouseUrl = str(pick('clickhouseUrl', 'COSTTRACE_CLICKHOUSE_URL'));
  if (clickhouseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(clickhouseUrl);
    } catch {
      throw new Error(`COSTTRACE_CLICKHOUSE_URL / --clickhouse: '${clickhouseUrl}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`COSTTRACE_CLICKHOUSE_URL / --clickhouse: expected http(s)://, got '${url.protocol}'`);
    }
  }
  return {
    port: int(pick('port', 'COSTTRACE_PORT'), 'port (--port, COSTTRACE_PORT)', 4318, 0, 65535),
    host: str(pick('host', 'COSTTRACE_HOST')) ?? '0.0.0.0',
    dataDir: path.resolve(str(pick('dataDir', 'COSTTRACE_DATA_DIR')) ?? '.costtrace'),
    clickhouseUrl,
    retentionDays: optionalInt(pick('retentionDays', 'COSTTRACE_RETENTION_DAYS'), 'COSTTRACE_RETENTION_DAYS', 1),
    batchMaxRows: int(pick('batchMaxRows', 'COSTTRACE_BATCH_MAX_ROWS'), 'COSTTRACE_BATCH_MAX_ROWS', 100_000, 1),
    batchMaxAgeMs: int(pick('batchMaxAgeMs', 'COSTTRACE_BATCH_MAX_AGE_MS'), 'COSTTRACE_BATCH_MAX_AGE_MS', 400, 1),
    batchMinAgeMs: int(pick('batchMinAgeMs', 'COSTTRACE_BATCH_MIN_AGE_MS'), 'COSTTRACE_BATCH_MIN_AGE_MS', 200, 1),
    maxBodyBytes: int(pick('maxBodyBytes', 'COSTTRACE_MAX_BODY_BYTES'), 'COSTTRACE_MAX_BODY_BYTES', 16 * MiB, 1024),
    maxSpoolMb: int(pick('maxSpoolMb', 'COSTTRACE_MAX_SPOOL_MB'), 'COSTTRACE_MAX_SPOOL_MB', 1024, 1),
    // Below 256 MiB the embedded engine alone (about 300 MiB resident once open) would shed every export.
    maxMemoryMb: int(pick('maxMemoryMb', 'COSTTRACE_MAX_MEMORY_MB'), 'COSTTRACE_MAX_MEMORY_MB', 1024, 256),
    maxConcurrentRequests: int(
      pick('maxConcurrentRequests', 'COSTTRACE_MAX_CONCURRENT_REQUESTS'),
      'COSTTRACE_MAX_CONCURRENT_REQUESTS',
      16,
      1,
    ),
    // One per core: the HTTP thread idles most of the time, so on two cores two processing threads still gain (measured
    // 97–109k → 104–123k spans/s end to end); past four, the HTTP thread and the engine become the limit.
    processingThreads: int(
      pick('processingThreads', 'COSTTRACE_PROCESSING_THREADS'),
      'COSTTRACE_PROCESSING_THREADS',
      Math.min(4, os.availableParallelism()),
      0,
      64,
    ),
    clientTimeoutMs: int(pick('clientTimeoutMs', 'COSTTRACE_CLIENT_TIMEOUT_MS'), 'COSTTRACE_CLIENT_TIMEOUT_MS', 10_000, 100),
    pricesFile: str(pick('pricesFile', 'COSTTRACE_PRICES')),
    catalogUrl: catalogSource(str(pick('catalogUrl', 'COSTTRACE_CATALOG_URL'))),
    catalogRefreshSeconds: int(
      pick('catalogRefreshSeconds', 'COSTTRACE_CATALOG_REFRESH_SECONDS'),
      'COSTTRACE_CATALOG_REFRESH_SECONDS',
      21_600,
      0,
    ),
  };
}

function catalogSource(value: string | undefined): string | undefined {
  if (value === undefined || !/^[a-z][a-z\d+.-]+:/i.test(value)) return value && path.resolve(value);
  if (!/^(https?|file):/i.test(value))
    throw new Error(`COSTTRACE_CATALOG_URL: expected an http(s) URL, a file: URL or a path, got '${value}'`);
  return value;
}

function str(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

function optionalInt(value: string | number | undefined, name: string, min: number): number | undefined {
  return str(value) === undefined ? undefined : int(value, name, 0, min);
}

function int(value: string | number | undefined, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const s = str(value);
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name}: expected a whole number from ${min} to ${max}, got '${s}'`);
  }
  return n;
}
