// OTLP/HTTP answers of a running collector: every bad body gets the right status and a message naming the problem,
// the service keeps running, and SIGTERM stores what was acknowledged before exit.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { costtrace, eventually, sqlRows, startCollector, tempDataDir, type CollectorProcess } from './helpers/collector-process.js';
import { makeBatches } from '../../bench/otlp-batches.js';
import { spanIdsOf } from './helpers/otlp-load.js';

let collector: CollectorProcess;
const [protobufBatch] = makeBatches(1, 4, 'protobuf') as Uint8Array[];
const [jsonBatch] = makeBatches(1, 4, 'json') as Uint8Array[];

beforeAll(async () => {
  collector = await startCollector({ env: { COSTTRACE_MAX_BODY_BYTES: String(64 * 1024), COSTTRACE_BATCH_MAX_AGE_MS: '50' } });
});
afterAll(async () => {
  await collector?.stop();
});

async function post(body: Uint8Array | string, headers: Record<string, string>) {
  const res = await fetch(`${collector.url}/v1/traces`, { method: 'POST', body, headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), retryAfter: res.headers.get('retry-after') };
}

describe('status codes follow the OTLP/HTTP spec', () => {
  test('protobuf and JSON, gzipped or not, are accepted with 200', async () => {
    for (const [body, type] of [
      [protobufBatch!, 'application/x-protobuf'],
      [jsonBatch!, 'application/json'],
    ] as const) {
      expect((await post(body, { 'content-type': type })).status).toBe(200);
      const gz = await post(zlib.gzipSync(body), { 'content-type': type, 'content-encoding': 'gzip' });
      expect(gz.status).toBe(200);
      expect(gz.type).toBe(type);
    }
  });

  test('415 for another content type or encoding', async () => {
    const wrongType = await post('hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.text).toMatch(/unsupported Content-Type 'text\/plain'/);
    const wrongEncoding = await post(jsonBatch!, { 'content-type': 'application/json', 'content-encoding': 'br' });
    expect(wrongEncoding.status).toBe(415);
    expect(wrongEncoding.text).toMatch(/unsupported Content-Encoding 'br'/);
  });

  test('400 with a message for malformed, truncated and wrongly typed bodies', async () => {
    const notJson = await post('{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.text)).toEqual({ code: 3, message: expect.stringMatching(/^undecodable OTLP json body: /) });

    const wrongShape = await post('{"resourceSpans": {"a": 1}}', { 'content-type': 'application/json' });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.text).toMatch(/resourceSpans/);

    const truncated = await post(protobufBatch!.subarray(0, protobufBatch!.length - 7), { 'content-type': 'application/x-protobuf' });
    expect(truncated.status).toBe(400);
    expect(truncated.type).toBe('application/x-protobuf');

    const badGzip = await post('not gzip at all', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
    expect(badGzip.text).toMatch(/not valid gzip/);
  });

  test('413 over the size limit, before and after decompression', async () => {
    const big = JSON.stringify({ resourceSpans: [], pad: 'x'.repeat(100 * 1024) });
    expect((await post(big, { 'content-type': 'application/json' })).status).toBe(413);
    const bomb = zlib.gzipSync(Buffer.from(big));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const answer = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(answer.text).toMatch(/decompressed body exceeds the limit of 65536 bytes/);
  });

  test('a partly bad batch keeps its valid spans and reports partial_success with reasons', async () => {
    const now = `${Date.now()}000000`;
    const span = (spanId: string, tokens: unknown) => ({
      traceId: '11112222333344445555666677778888',
      spanId,
      name: 'chat',
      kind: 3,
      startTimeUnixNano: now,
      endTimeUnixNano: now,
      attributes: [
        { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
        { key: 'gen_ai.usage.input_tokens', value: tokens },
        { key: 'gen_ai.usage.output_tokens', value: { intValue: 0 } },
      ],
    });
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial' } }] },
          scopeSpans: [
            {
              spans: [
                span('aaaaaaaaaaaaaaa1', { intValue: '1000000' }),
                span('short', { intValue: 5 }),
                span('aaaaaaaaaaaaaaa3', { intValue: -7 }),
              ],
            },
          ],
        },
      ],
    });
    const answer = await post(body, { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    const { partialSuccess } = JSON.parse(answer.text) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(partialSuccess.rejectedSpans).toBe('2');
    expect(partialSuccess.errorMessage).toMatch(/spanId/);
    expect(partialSuccess.errorMessage).toMatch(/gen_ai\.usage\.input_tokens: expected a whole number from 0 to 1e12, got -7/);
    const rows = await eventually(async () => {
      const found = await sqlRows(collector, "SELECT span_id, cost_usd FROM costtrace.cost_events FINAL WHERE app = 'partial'");
      return found.length ? found : undefined;
    });
    // 1,000,000 input tokens of gpt-4o-mini at $0.15 per million.
    expect(rows).toEqual([{ span_id: 'aaaaaaaaaaaaaaa1', cost_usd: '0.15' }]);
  });

  test('after all of that the service is healthy and still ingesting', async () => {
    expect(await (await fetch(`${collector.url}/health`)).json()).toEqual({ status: 'ok', db: 'ok' });
    expect((await post(protobufBatch!, { 'content-type': 'application/x-protobuf' })).status).toBe(200);
  });
});

test('SIGTERM stores pending rows before exit; SIGINT too', async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const dataDir = tempDataDir();
    // Batches older than a minute would never be sealed by age in this test: only the shutdown flush stores them.
    const running = await startCollector({ dataDir, env: { COSTTRACE_BATCH_MAX_AGE_MS: '600000' } });
    const res = await fetch(`${running.url}/v1/traces`, {
      method: 'POST',
      body: protobufBatch,
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(res.status).toBe(200);
    expect(await running.stop(signal)).toBe(0);
    const { stdout } = await costtrace(['sql', 'SELECT count() FROM costtrace.cost_events FINAL', '--format', 'csv', '--data', dataDir]);
    expect(stdout.trim().split('\n').at(-1)).toBe('4');
  }
});

test('with COSTTRACE_PROCESSING_THREADS=0 the HTTP thread does it all: the same answers, rows and cost', async () => {
  const single = await startCollector({ env: { COSTTRACE_PROCESSING_THREADS: '0', COSTTRACE_BATCH_MAX_AGE_MS: '50' } });
  try {
    const traces = (to: CollectorProcess, body: Uint8Array | string, type: string) =>
      fetch(`${to.url}/v1/traces`, { method: 'POST', body, headers: { 'content-type': type } });
    expect((await traces(single, protobufBatch!, 'application/x-protobuf')).status).toBe(200);
    expect((await traces(collector, protobufBatch!, 'application/x-protobuf')).status).toBe(200);
    const bad = await traces(single, '{"resourceSpans": [', 'application/json');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/undecodable OTLP json body: /);
    const ids = spanIdsOf(protobufBatch!)
      .map((id) => `'${id}'`)
      .join(', ');
    const query = `SELECT count() AS n, countIf(cost_usd IS NOT NULL) AS priced, toString(sum(cost_usd)) AS usd FROM costtrace.cost_events FINAL WHERE span_id IN (${ids})`;
    const stored = (to: CollectorProcess) =>
      eventually(async () => {
        const [row] = await sqlRows(to, query);
        return row?.n === '4' ? row : undefined;
      });
    const alone = await stored(single);
    expect(alone).toEqual({ n: '4', priced: '4', usd: expect.stringMatching(/^0\.\d+$/) });
    // The default collector prices the same batch in its processing threads: to the same exact total.
    expect(await stored(collector)).toEqual(alone);
  } finally {
    await single.stop();
  }
});

test('every command has --help', async () => {
  expect((await costtrace(['--help'])).stdout).toMatch(/serve.*\n.*sql.*\n.*report/s);
  expect((await costtrace(['serve', '--help'])).stdout).toMatch(/--clickhouse <url>/);
  expect((await costtrace(['sql', '--help'])).stdout).toMatch(/--format <format>/);
  expect((await costtrace(['report', '--help'])).stdout).toMatch(/--by <dimension>.*feature.*user.*org.*provider.*model/s);
});

test('bad settings stop start-up with a message naming them', async () => {
  await expect(costtrace(['serve', '--port', 'abc', '--data', tempDataDir()])).rejects.toThrow(
    /port \(--port, COSTTRACE_PORT\): expected a whole number/,
  );
  await expect(costtrace(['serve', '--data', tempDataDir()], { COSTTRACE_RETENTION_DAYS: '-3' })).rejects.toThrow(
    /COSTTRACE_RETENTION_DAYS/,
  );
});
