// Optional catalog refresh from an operator's URL or file (COSTTRACE_CATALOG_URL), in the background: start-up never
// waits for it (air-gapped sites start on the bundled catalog), and a failed or bad download keeps the last good one.
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCatalog, type Catalog } from '@costtrace/pricing';

/** What GET /v1/prices shows about refreshing. */
export interface CatalogRefreshStatus {
  url: string;
  /** Seconds between attempts; 0 when the catalog is fetched once at start only. */
  everySeconds: number;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Why the last attempt failed; cleared by the next success. */
  lastError?: string;
}

export interface CatalogRefreshOptions {
  /** http(s) URL, file: URL or file path of genai-prices `data.json` (v2 provider array). */
  url: string;
  everySeconds: number;
  /** Receives each catalog that loaded and differs from the previous one, with the text it was loaded from. */
  onCatalog: (catalog: Catalog, text: string) => void;
  log: (line: string) => void;
  /** Abandon one download after this long. @default 60000 */
  timeoutMs?: number;
}

export interface CatalogRefresh {
  /** One attempt now; resolves true when a catalog loaded (changed or not). Never rejects. */
  refreshNow(): Promise<boolean>;
  /** Starts the schedule: a first attempt right away, then one every `everySeconds`. */
  start(): void;
  status(): CatalogRefreshStatus;
  stop(): void;
}

export function createCatalogRefresh(options: CatalogRefreshOptions): CatalogRefresh {
  const status: CatalogRefreshStatus = { url: options.url, everySeconds: options.everySeconds };
  const stopped = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let lastVersion: string | undefined;

  const refreshNow = async (): Promise<boolean> => {
    status.lastAttemptAt = new Date().toISOString();
    try {
      const signal = AbortSignal.any([stopped.signal, AbortSignal.timeout(options.timeoutMs ?? 60_000)]);
      const text = await readCatalogText(options.url, signal);
      const catalog = loadCatalog(text);
      status.lastSuccessAt = status.lastAttemptAt;
      delete status.lastError;
      if (catalog.version !== lastVersion) {
        lastVersion = catalog.version;
        options.onCatalog(catalog, text);
        options.log(`catalog ${catalog.version} loaded from ${options.url}`);
      }
      return true;
    } catch (error) {
      if (stopped.signal.aborted) return false;
      status.lastError = (error as Error).message;
      options.log(`catalog refresh from ${options.url} failed, keeping the current catalog: ${status.lastError}`);
      return false;
    }
  };

  // A chain of timeouts rather than an interval, so a slow download never overlaps the next one.
  const schedule = (delayMs: number) => {
    if (stopped.signal.aborted) return;
    timer = setTimeout(() => {
      void refreshNow().then(() => {
        if (options.everySeconds > 0) schedule(options.everySeconds * 1000);
      });
    }, delayMs);
    timer.unref();
  };

  return {
    refreshNow,
    start: () => schedule(0),
    status: () => ({ ...status }),
    stop: () => {
      stopped.abort();
      clearTimeout(timer);
    },
  };
}

async function readCatalogText(url: string, signal: AbortSignal): Promise<string> {
  if (/^https?:\/\//i.test(url)) {
    const response = await fetch(url, { signal });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return response.text();
  }
  return fs.readFile(url.startsWith('file:') ? fileURLToPath(url) : url, { encoding: 'utf8', signal });
}
