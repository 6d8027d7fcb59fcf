// The collector's HTTP surface, composed in one place: OTLP receiver, health, metrics and the /v1 API.
import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import type { Pipeline } from '../pipeline.js';
import type { Metrics } from '../metrics.js';
import { queryRows, queryText, type OutputFormat, type Store } from '../store/store.js';
import { buildReportQuery, type ReportDimension } from '../query/report-query.js';
import { handleTraces } from './otlp-traces-route.js';
import type { AdmissionControl } from './admission.js';
import { requireApiKey } from './api-key.js';
import { priceRoutes } from './prices-routes.js';
import type { PricerSource } from '../prices/pricer-source.js';

export interface AppDeps {
  store: Store;
  pipeline: Pipeline;
  metrics: Metrics;
  prices: PricerSource;
  maxBodyBytes: number;
  /** A client that stalls its body this long gets 408. @default 10000 */
  bodyIdleTimeoutMs?: number;
  /** Load shedding for /v1/traces (429 / 503 + Retry-After); none when absent. */
  admission?: AdmissionControl;
  /** When set, every /v1 request must carry it (Authorization: Bearer … or X-API-Key). */
  apiKey?: string;
}

type NodeEnv = { Bindings: { incoming: IncomingMessage } };
const FORMATS: OutputFormat[] = ['table', 'json', 'csv'];

export function createApp(deps: AppDeps): Hono<NodeEnv> {
  const app = new Hono<NodeEnv>();
  if (deps.apiKey) app.use('/v1/*', requireApiKey(deps.apiKey));

  app.post('/v1/traces', async (c) => {
    const answer = await handleTraces(c.env.incoming, deps);
    deps.metrics.requests.inc({ status: String(answer.status) });
    return c.body(answer.body as never, answer.status as 200, { 'content-type': answer.contentType, ...answer.headers });
  });

  app.get('/health', async (c) => {
    const storeError = deps.pipeline.exporter.lastError ?? (await ping(deps.store));
    if (storeError) return c.json({ status: 'error', db: 'error', error: storeError.message }, 503);
    return c.json({ status: 'ok', db: 'ok' });
  });

  app.get('/metrics', async (c) =>
    c.text(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }),
  );

  // Read-only by construction: the reader runs every query with readonly=2, so a typo cannot drop data.
  app.post('/v1/sql', async (c) => {
    const input = await c.req.json<{ query?: unknown; format?: unknown }>().catch(() => ({}) as Record<string, unknown>);
    if (typeof input.query !== 'string' || input.query.trim() === '') return c.json({ error: 'body must be {"query": "<SQL>"}' }, 400);
    const format = (input.format ?? 'json') as OutputFormat;
    if (!FORMATS.includes(format)) return c.json({ error: `format must be one of ${FORMATS.join(', ')}` }, 400);
    try {
      return c.text(await queryText(deps.store, input.query, format));
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });

  app.get('/v1/report', async (c) => {
    const format = (c.req.query('format') ?? 'json') as OutputFormat;
    try {
      const { query, params } = buildReportQuery({
        by: (c.req.query('by') ?? 'feature') as ReportDimension,
        since: c.req.query('since'),
        app: c.req.query('app'),
      });
      if (format === 'json') return c.json({ rows: await queryRows(deps.store, query, params) });
      return c.text(await queryText(deps.store, query, format, params));
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });

  app.route('/v1', priceRoutes(deps));

  app.onError((error, c) => c.json({ error: error.message }, 500));
  return app;
}

async function ping(store: Store): Promise<Error | undefined> {
  try {
    const result = await store.reader.ping();
    return result.success ? undefined : result.error;
  } catch (error) {
    return error as Error;
  }
}
