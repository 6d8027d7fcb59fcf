// Wiring: picks the ClickHouse engine (embedded chDB or a server) and hands back one Store; nothing else in the
// collector knows which one it got.
import fs from 'node:fs';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  dataDir: string;
  clickhouseUrl?: string;
}

/** Raised when another process holds an embedded data directory. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    holder?: string,
  ) {
    super(
      `data directory ${dataDir} is in use by another process${holder ? ` (${holder})` : ''}. ` +
        'Embedded ClickHouse allows one process per directory: stop that process, or pass --data with another ' +
        'directory. `costtrace sql` and `costtrace report` reach a running `costtrace serve` on the same directory ' +
        'by themselves.',
    );
    this.name = 'DataDirInUseError';
  }
}

/** The file a running `costtrace serve` leaves in its data directory so CLI commands can find it. */
export const SERVE_INFO_FILE = 'serve.json';

export interface ServeInfo {
  pid: number;
  port: number;
  startedAt: string;
}

export function readServeInfo(dataDir: string): ServeInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, SERVE_INFO_FILE), 'utf8')) as ServeInfo;
  } catch {
    return undefined;
  }
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return options.clickhouseUrl ? openServerStore(options.clickhouseUrl) : openEmbeddedStore(options.dataDir);
}

function openServerStore(rawUrl: string): Store {
  const url = new URL(rawUrl);
  const username = decodeURIComponent(url.username) || 'default';
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const make = () => createClient({ url: url.toString(), username, password, request_timeout: 60_000 });
  const ingest = make();
  const reader = make();
  return {
    mode: 'server',
    location: url.toString(),
    ingest,
    reader,
    close: async () => {
      await Promise.all([ingest.close(), reader.close()]);
    },
  };
}

async function openEmbeddedStore(dataDir: string): Promise<Store> {
  fs.mkdirSync(dataDir, { recursive: true });
  // chdb's connection module is CommonJS and loads a 500 MB native library: import it only when embedded is used.
  const { createChdbConnection } = await import('chdb/connection');
  const connect = (): ClickHouseClient => {
    try {
      return createClient({ connection: createChdbConnection({ path: dataDir }) } as never);
    } catch (error) {
      // chDB reports a held lock only as "Failed to create connection"; the real cause goes to stderr.
      const info = readServeInfo(dataDir);
      if (info && isAlive(info.pid)) throw new DataDirInUseError(dataDir, `costtrace serve, pid ${info.pid}, port ${info.port}`);
      throw new DataDirInUseError(dataDir, `cause: ${(error as Error).message}`);
    }
  };
  const ingest = connect();
  // A second connection on the same path in the same process runs queries in parallel with the first.
  const reader = connect();
  return {
    mode: 'embedded',
    location: dataDir,
    ingest,
    reader,
    close: async () => {
      await reader.close();
      await ingest.close();
    },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
