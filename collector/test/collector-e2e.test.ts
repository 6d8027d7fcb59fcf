// End to end: the official OTel JS SDK exports through both official OTLP/HTTP exporters to a running
// `costtrace serve` on embedded ClickHouse; rows and exact costs are read back through the CLI and the API.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { costtrace, eventually, sqlRows, startCollector, type CollectorProcess } from './helpers/collector-process.js';
import { otelProvider, type ExporterKind } from './helpers/otel-exporters.js';

let collector: CollectorProcess;

beforeAll(async () => {
  collector = await startCollector({ env: { COSTTRACE_BATCH_MAX_AGE_MS: '50' } });
});
afterAll(async () => {
  await collector?.stop();
});

describe.each<ExporterKind>(['json', 'protobuf'])('OTLP/HTTP %s exporter', (kind) => {
  test('a gpt-4o-mini span becomes one row priced at exactly $0.00045', async () => {
    const app = `e2e-${kind}`;
    const otel = otelProvider(kind, collector.url, app);
    const ctx = otel.span('chat gpt-4o-mini', {
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'costtrace.feature': 'chat',
      'costtrace.user_id': 'user-1',
      'costtrace.org_id': 'org-1',
      'costtrace.meta.plan': 'pro',
    });
    // A span with no usage and no GenAI provider is not a paid call and must not become a row.
    otel.span('GET /health', { 'http.request.method': 'GET' });
    await otel.provider.forceFlush();
    await otel.provider.shutdown();

    const rows = await eventually(async () => {
      const found = await sqlRows(collector, `SELECT * FROM costtrace.cost_events FINAL WHERE app = '${app}'`);
      return found.length > 0 ? found : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      app,
      feature: 'chat',
      user_id: 'user-1',
      org_id: 'org-1',
      provider: 'openai',
      model: 'gpt-4o-mini',
      operation: 'chat',
      input_tokens: '1000',
      output_tokens: '500',
      cost_usd: '0.00045',
      cost_source: 'catalog',
      trace_id: ctx.traceId,
      span_id: ctx.spanId,
      status_code: 'unset',
      duration_ms: 1234,
      meta: { plan: 'pro' },
    });
  });
});

test('costtrace report --by feature shows chat at $0.00045 through the running service', async () => {
  const { stdout } = await costtrace(['report', '--by', 'feature', '--app', 'e2e-json', '--format', 'json', '--data', collector.dataDir]);
  const { rows } = JSON.parse(stdout) as { rows: Array<Record<string, string>> };
  expect(rows).toEqual([
    expect.objectContaining({
      feature: 'chat',
      cost_usd: '0.00045',
      calls: '1',
      unpriced_calls: '0',
      input_tokens: '1000',
      output_tokens: '500',
    }),
  ]);
  const table = await costtrace(['report', '--by', 'feature', '--data', collector.dataDir]);
  expect(table.stdout).toMatch(/chat\s*│\s*0\.0009\s*│\s*2/);
});

test('an unknown model is stored unpriced with NULL cost and a reason, and counted apart in the report', async () => {
  const otel = otelProvider('json', collector.url, 'e2e-unpriced');
  otel.span('chat mystery', {
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'mystery-model-9000',
    'gen_ai.usage.input_tokens': 10,
    'gen_ai.usage.output_tokens': 5,
    'costtrace.feature': 'labs',
  });
  await otel.provider.shutdown();
  const rows = await eventually(async () => {
    const found = await sqlRows(collector, `SELECT cost_usd, unpriced_reason FROM costtrace.cost_events FINAL WHERE app = 'e2e-unpriced'`);
    return found.length > 0 ? found : undefined;
  });
  expect(rows[0]!.cost_usd).toBeNull();
  expect(rows[0]!.unpriced_reason).toMatch(/mystery-model-9000/);
  const { stdout } = await costtrace(['report', '--app', 'e2e-unpriced', '--format', 'json', '--data', collector.dataDir]);
  // Unknown is not zero: a feature whose calls are all unpriced has a NULL cost, not $0.
  expect(JSON.parse(stdout).rows).toEqual([expect.objectContaining({ feature: 'labs', cost_usd: null, calls: '1', unpriced_calls: '1' })]);
});

test('costtrace sql is read-only through the service: a DROP is refused and the data stays', async () => {
  await expect(costtrace(['sql', 'DROP TABLE costtrace.cost_events', '--data', collector.dataDir])).rejects.toThrow(
    /readonly|read-only|Cannot execute/i,
  );
  const { stdout } = await costtrace([
    'sql',
    "SELECT count() AS n FROM costtrace.cost_events FINAL WHERE app = 'e2e-json'",
    '--format',
    'csv',
    '--data',
    collector.dataDir,
  ]);
  expect(stdout.trim().split('\n')).toEqual(['"n"', '1']);
});

test('health and metrics answer while serving', async () => {
  const health = await fetch(`${collector.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok', db: 'ok' });
  const metrics = await (await fetch(`${collector.url}/metrics`)).text();
  expect(metrics).toMatch(/^costtrace_spans_received_total \d+/m);
  expect(metrics).toMatch(/^costtrace_rows_written_total [1-9]\d*/m);
  expect(metrics).toMatch(/^costtrace_rows_unpriced_total [1-9]\d*/m);
  expect(metrics).toMatch(/^costtrace_batch_insert_seconds_count [1-9]\d*/m);
});

test('a second process on the same data directory gets a clear error naming it', async () => {
  await expect(costtrace(['serve', '--port', '0', '--data', collector.dataDir])).rejects.toThrow(
    new RegExp(
      `data directory ${collector.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use.*costtrace serve, pid ${collector.child.pid}`,
    ),
  );
});
