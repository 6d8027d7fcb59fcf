// Wiring for `costtrace serve`: config → store → migrations → pricer → pipeline → HTTP server, and an orderly
// shutdown that stores everything acknowledged before exit. The one place that chooses implementations.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { CollectorConfig } from './config.js';
import { openStore, SERVE_INFO_FILE } from './store/open-store.js';
import { migrate } from './store/migrate.js';
import { createMetrics } from './metrics.js';
import { Pipeline, spoolDirOf } from './pipeline.js';
import { createApp } from './http/app.js';
import { loadPricer } from './pricing-source.js';
import type { Store } from './store/store.js';

export interface RunningService {
  port: number;
  store: Store;
  pipeline: Pipeline;
  /** Stops accepting, stores everything acknowledged (up to the timeout), closes storage. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startService(config: CollectorConfig, log: (line: string) => void = () => {}): Promise<RunningService> {
  const store = await openStore(config);
  try {
    await migrate(store, { retentionDays: config.retentionDays });
  } catch (error) {
    await store.close();
    throw error;
  }
  const pricer = loadPricer(config, log);
  const metrics = createMetrics();
  const pipeline = new Pipeline({
    store,
    pricer: pricer.current,
    metrics,
    spoolDir: spoolDirOf(config.dataDir),
    batchMaxRows: config.batchMaxRows,
    batchMaxAgeMs: config.batchMaxAgeMs,
    maxSpoolBytes: config.maxSpoolMb * 1024 * 1024,
  });
  const replayed = pipeline.start();
  if (replayed > 0) log(`replaying ${replayed} spool segment(s) left by the previous run`);
  const app = createApp({ store, pipeline, metrics, maxBodyBytes: config.maxBodyBytes, apiKey: process.env.COSTTRACE_API_KEY });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const infoFile = path.join(config.dataDir, SERVE_INFO_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(infoFile, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }));
  log(`costtrace collector listening on http://${config.host}:${port} (${store.mode} ClickHouse at ${store.location})`);

  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = 30_000) =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = await pipeline.close(timeoutMs);
      if (!drained) log('storage did not take every row before the timeout; the rest stays in the spool for the next start');
      pricer.stop();
      fs.rmSync(infoFile, { force: true });
      await store.close();
    })());
  return { port, store, pipeline, stop };
}
