// What a collector answers while it waits for its ClickHouse server at start-up: /health says why, OTLP exports
// get 503 + Retry-After (senders keep their spans and retry), /metrics works, everything else is 503.
import { Hono } from 'hono';
import type { Metrics } from '../metrics.js';
import { exportFailure } from './otlp-response.js';
import { encodingOf } from './otlp-traces-route.js';

const RETRY_AFTER_SECONDS = 5;

/** @param reason why storage is not ready yet (the last connection error), read on every request */
export function createStartingApp(metrics: Metrics, reason: () => string): Hono {
  const app = new Hono();
  const message = () => `storage is not ready: ${reason()}`;

  app.post('/v1/traces', (c) => {
    const answer = exportFailure(encodingOf(c.req.header('content-type')) ?? 'json', 503, message(), RETRY_AFTER_SECONDS);
    metrics.requests.inc({ status: '503' });
    return c.body(answer.body as never, 503, { 'content-type': answer.contentType, ...answer.headers });
  });
  app.get('/health', (c) => c.json({ status: 'starting', db: 'error', error: message() }, 503));
  app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
  app.all('*', (c) => c.json({ error: message() }, 503, { 'retry-after': String(RETRY_AFTER_SECONDS) }));
  return app;
}
