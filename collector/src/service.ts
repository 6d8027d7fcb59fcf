// Wiring for `costtrace serve`: config → store → migrations → pricer → pipeline → HTTP server, and an orderly
// shutdown that stores everything acknowledged before exit. The one place that chooses implementations.
import fs from 'node:fs';
import path from 'node:path';
import type { CollectorConfig } from './config.js';
import { openStore, SERVE_INFO_FILE } from './store/open-store.js';
import { migrate } from './store/migrate.js';
import { isUnreachableError } from './store/clickhouse-errors.js';
import { retryUntilReady } from './store/retry-until-ready.js';
import { createMetrics } from './metrics.js';
import { Pipeline, spoolDirOf } from './pipeline.js';
import { createApp } from './http/app.js';
import { AdmissionControl, SHED_AT } from './http/admission.js';
import { listen } from './http/http-server.js';
import { createStartingApp } from './http/starting-app.js';
import { openPricerSource, type PricerSource } from './prices/pricer-source.js';
import type { Store } from './store/store.js';
import { ExportWorkers } from './worker/export-workers.js';

export interface RunningService {
  port: number;
  store: Store;
  /** Resolves once storage is set up and spans are accepted (at once, unless a ClickHouse server was unreachable). */
  ready: Promise<void>;
  /** The pipeline and prices exist once `ready` resolved; reading them earlier throws. */
  readonly pipeline: Pipeline;
  readonly prices: PricerSource;
  /** Stops accepting, stores everything acknowledged (up to the timeout), closes storage. */
  stop(timeoutMs?: number): Promise<void>;
}

const MiB = 1024 * 1024;

export async function startService(config: CollectorConfig, log: (line: string) => void = () => {}): Promise<RunningService> {
  const store = await openStore(config);
  const metrics = createMetrics();
  const prepare = async () => {
    await migrate(store, { retentionDays: config.retentionDays });
    return openPricerSource({ config, store, log, catalogRefresh: 'background' });
  };
  let prices: PricerSource | undefined;
  let waitingFor: Error | undefined;
  try {
    prices = await prepare();
  } catch (error) {
    // Embedded storage runs in this process, so its errors are real. A server may just not be up yet: serve 503s
    // with Retry-After and wait for it, rather than exit. Spans are not spooled before then: they are priced on
    // arrival, and the stored price rules are only known once the server answers.
    if (store.mode === 'embedded' || !isUnreachableError(error)) {
      await store.close();
      throw error;
    }
    waitingFor = error as Error;
  }

  const admission = new AdmissionControl({ maxConcurrent: config.maxConcurrentRequests, maxMemoryBytes: config.maxMemoryMb * MiB });
  let active: { pipeline: Pipeline; prices: PricerSource; app: ReturnType<typeof createApp> } | undefined;
  const starting = createStartingApp(metrics, () => waitingFor?.message ?? 'starting');
  const activate = (ready: PricerSource) => {
    const workers = config.processingThreads > 0 ? new ExportWorkers(config.processingThreads, ready.recipe()) : undefined;
    if (workers) ready.onChange((recipe) => workers.setPricer(recipe));
    const pipeline = new Pipeline({
      store,
      pricer: ready.current,
      workers,
      metrics,
      spoolDir: spoolDirOf(config.dataDir),
      batchMaxRows: config.batchMaxRows,
      batchMaxAgeMs: config.batchMaxAgeMs,
      batchMinAgeMs: config.batchMinAgeMs,
      maxSpoolBytes: config.maxSpoolMb * MiB,
    });
    let replayed: number;
    try {
      replayed = pipeline.start();
    } catch (error) {
      void workers?.close();
      throw error;
    }
    if (replayed > 0) log(`replaying ${replayed} spool segment(s) left by the previous run`);
    const app = createApp({
      store,
      pipeline,
      metrics,
      prices: ready,
      maxBodyBytes: config.maxBodyBytes,
      bodyIdleTimeoutMs: config.clientTimeoutMs,
      admission,
      apiKey: process.env.COSTTRACE_API_KEY,
    });
    active = { pipeline, prices: ready, app };
  };
  if (prices) {
    try {
      activate(prices);
    } catch (error) {
      // The spool directory cannot be opened (a file in its place, no permission): a setup error, stop here.
      prices.stop();
      await store.close();
      throw error;
    }
  }

  const { server, port } = await listen(config, (request, env) => (active?.app ?? starting).fetch(request, env));
  const infoFile = path.join(config.dataDir, SERVE_INFO_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(infoFile, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }));
  log(`costtrace collector listening on http://${config.host}:${port} (${store.mode} ClickHouse at ${store.location})`);
  const rss = process.memoryUsage.rss();
  if (rss >= config.maxMemoryMb * MiB * SHED_AT) {
    log(
      `warning: resident memory is already ${Math.round(rss / MiB)} MiB, past ${SHED_AT * 100}% of COSTTRACE_MAX_MEMORY_MB=${config.maxMemoryMb}: exports are admitted one at a time (the rest get 503) until it drops`,
    );
  }

  const waiting = new AbortController();
  let ready = Promise.resolve();
  if (!active) {
    log(`ClickHouse at ${store.location} is unreachable (${waitingFor?.message}); answering 503 with Retry-After and retrying`);
    ready = retryUntilReady(
      prepare,
      (error, delayMs) => {
        waitingFor = error;
        log(`ClickHouse at ${store.location} not ready (${error.message}); next attempt in ${delayMs / 1000} s`);
      },
      waiting.signal,
    ).then((source) => {
      if (waiting.signal.aborted) return source.stop();
      try {
        activate(source);
      } catch (error) {
        // Still answering 503, now with this reason, rather than exiting behind the operator's back.
        waitingFor = error as Error;
        log(`cannot start accepting spans: ${waitingFor.message}`);
        return source.stop();
      }
      log(`ClickHouse at ${store.location} is ready; accepting spans`);
    });
    ready.catch(() => {});
  }

  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = 30_000) =>
    (stopping ??= (async () => {
      waiting.abort(new Error('the collector stopped before storage was ready'));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (active) {
        const drained = await active.pipeline.close(timeoutMs);
        if (!drained) log('storage did not take every row before the timeout; the rest stays in the spool for the next start');
        active.prices.stop();
      }
      fs.rmSync(infoFile, { force: true });
      await store.close();
    })());
  const current = () => {
    if (!active) throw new Error(`storage is not ready: ${waitingFor?.message ?? 'starting'}`);
    return active;
  };
  return {
    port,
    store,
    ready,
    get pipeline() {
      return current().pipeline;
    },
    get prices() {
      return current().prices;
    },
    stop,
  };
}
