// Replays never change totals: the same spans sent ten times as protobuf and ten times as JSON (exporter retries, an
// otel-collector retry, a spool replayed after a crash), before and after a restart, leave `costtrace report`, the
// /v1/report API and every FINAL count exactly as one send did.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, expect, test } from 'vitest';
import { makeSpanBatches } from '../../bench/otlp-batches.js';
import { costtrace, sqlRows, startCollector, tempDataDir, type CollectorProcess } from './helpers/collector-process.js';
import { JSON_TYPE, postTraces, PROTOBUF, untilStored } from './helpers/otlp-load.js';

const SPANS = 300;
const REPLAYS = 10;
const [spans] = makeSpanBatches(1, SPANS);
const protobuf = ProtobufTraceSerializer.serializeRequest(spans!)!;
const json = JsonTraceSerializer.serializeRequest(spans!)!;
const dataDir = tempDataDir('costtrace-replay-');
const ENV = { COSTTRACE_BATCH_MAX_AGE_MS: '20' };
let collector: CollectorProcess | undefined;

afterAll(async () => {
  await collector?.stop();
});

/** Everything a user can read totals from. */
async function totals(running: CollectorProcess) {
  const cli = JSON.parse((await costtrace(['report', '--by', 'feature', '--format', 'json', '--data', dataDir])).stdout) as unknown;
  const api = (await (await fetch(`${running.url}/v1/report?by=model`)).json()) as unknown;
  const [final] = await sqlRows(
    running,
    'SELECT count() AS calls, uniqExact(span_id) AS spans, toString(sum(cost_usd)) AS cost, sum(input_tokens) AS input FROM costtrace.cost_events FINAL',
  );
  return { cli, api, final };
}

async function send(running: CollectorProcess, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    for (const [body, type] of [
      [protobuf, PROTOBUF],
      [json, JSON_TYPE],
    ] as const) {
      expect((await postTraces(running.url, body, type)).status).toBe(200);
    }
  }
  await untilStored(running);
}

test(`the same ${SPANS} spans sent ${REPLAYS}x as protobuf and ${REPLAYS}x as JSON, across a restart, change no total`, async () => {
  collector = await startCollector({ dataDir, env: ENV });
  await send(collector, 1);
  const once = await totals(collector);
  expect(once.final).toMatchObject({ calls: String(SPANS), spans: String(SPANS) });
  expect((once.cli as { rows: unknown[] }).rows.length).toBeGreaterThan(1);

  await send(collector, REPLAYS - 1);
  expect(await totals(collector)).toEqual(once);
  const [raw] = await sqlRows<{ n: string }>(collector, 'SELECT count() AS n FROM costtrace.cost_events');

  // A restart replays nothing twice and forgets nothing: ten more sends of each encoding still change nothing.
  expect(await collector.stop()).toBe(0);
  collector = await startCollector({ dataDir, env: ENV });
  expect(await totals(collector)).toEqual(once);
  await send(collector, REPLAYS);
  expect(await totals(collector)).toEqual(once);

  // With no collector running, `costtrace report` reads the data directory itself: the same answer.
  expect(await collector.stop()).toBe(0);
  collector = undefined;
  const offline = JSON.parse((await costtrace(['report', '--by', 'feature', '--format', 'json', '--data', dataDir])).stdout) as unknown;
  expect(offline).toEqual(once.cli);
  console.log(
    `replays: ${SPANS} spans sent ${4 * REPLAYS} times (protobuf and JSON, across a restart); ` +
      `${raw!.n} raw rows before the restart collapse to ${once.final!.calls} under FINAL; report, API and FINAL totals unchanged`,
  );
}, 60_000);
