// Storage outages, in process against the real engine: inserts made to fail in ClickHouse itself (the table
// detached) while exports keep coming; the spool bound; an unwritable spool; rows ClickHouse refuses; merges stopped
// under replays. And a ClickHouse server that is not there at start-up.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeBatches } from '../../bench/otlp-batches.js';
import { loadConfig } from '../src/config.js';
import { encodeRows } from '../src/exporter/row-encoding.js';
import { costRow } from './helpers/cost-row-fixture.js';
import { startService, type RunningService } from '../src/service.js';
import { costtrace, eventually, sqlRows, startCollector, tempDataDir } from './helpers/collector-process.js';
import { JSON_TYPE, metric, postTraces, PROTOBUF, rowsPerSpan, spanIdsOf, untilStored } from './helpers/otlp-load.js';

const SPANS = 20;
const batches = makeBatches(45, SPANS, 'protobuf') as Uint8Array[];
const dataDir = tempDataDir('costtrace-outage-');
const spoolDir = path.join(dataDir, 'spool');
// An eighth of a MiB of spool: about 20 of these batches' rows.
const SPOOL_MB = 0.125;
let service: RunningService;
let url: string;

beforeAll(async () => {
  const config = loadConfig({ dataDir, port: 0, host: '127.0.0.1', batchMaxAgeMs: 20 }, {});
  service = await startService({ ...config, maxSpoolMb: SPOOL_MB });
  url = `http://127.0.0.1:${service.port}`;
});
afterAll(async () => {
  await service?.stop();
});

const health = async () => {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
};

test('inserts failing in the engine: exports get 200 while the spool has room, then 503 + Retry-After; all drain once it is back', async () => {
  const acknowledged: number[] = [];
  const refused: number[] = [];
  expect((await postTraces(url, batches[0]!, PROTOBUF)).status).toBe(200);
  acknowledged.push(0);
  await untilStored({ url });

  await service.store.ingest.command({ query: 'DETACH TABLE costtrace.cost_events' });
  let spoolFull = '';
  for (let i = 1; i < 40; i++) {
    const answer = await postTraces(url, batches[i]!, PROTOBUF);
    if (answer.status === 200) {
      acknowledged.push(i);
      continue;
    }
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    spoolFull = answer.body.toString('latin1');
    refused.push(i);
  }
  // Room for about 20 batches; after that every export is refused and the collector keeps answering.
  expect(acknowledged.length).toBeGreaterThan(10);
  expect(refused.length).toBeGreaterThan(5);
  expect(refused[0]).toBe(acknowledged.length);
  expect(spoolFull).toMatch(/spool holds \d+ bytes not yet stored and \d+ more would pass its limit of 131072; storage is behind or down/);
  const during = await eventually(async () => ((await health()).status === 503 ? health() : undefined));
  expect(during.body).toMatchObject({ status: 'error', db: 'error', error: expect.stringMatching(/cost_events does not exist/) });
  expect(await metric({ url }, 'costtrace_insert_errors_total')).toBeGreaterThan(0);
  expect(fs.readdirSync(spoolDir).filter((f) => f.startsWith('segment-')).length).toBeGreaterThan(0);

  await service.store.ingest.command({ query: 'ATTACH TABLE costtrace.cost_events' });
  await untilStored({ url });
  expect(await health()).toEqual({ status: 200, body: { status: 'ok', db: 'ok' } });
  expect((await postTraces(url, batches[40]!, PROTOBUF)).status).toBe(200);
  acknowledged.push(40);
  await untilStored({ url });

  const { raw, final } = await rowsPerSpan({ url });
  for (const i of acknowledged) for (const id of spanIdsOf(batches[i]!)) expect(final.get(id)).toBe(1);
  for (const i of refused) for (const id of spanIdsOf(batches[i]!)) expect(raw.has(id)).toBe(false);
  expect(final.size).toBe(acknowledged.length * SPANS);
  console.log(
    `storage outage: ${acknowledged.length - 2} exports acknowledged into the spool while inserts failed, ${refused.length} refused ` +
      `with 503 past the ${SPOOL_MB} MiB bound; after recovery ${final.size} spans stored, 0 lost, 0 duplicated`,
  );
});

test('an unwritable spool directory gives 503 with Retry-After naming the path, and ingest resumes when it is fixed', async () => {
  await untilStored({ url });
  fs.rmSync(spoolDir, { recursive: true });
  fs.writeFileSync(spoolDir, 'not a directory');
  const answer = await postTraces(url, batches[41]!, PROTOBUF);
  expect(answer.status).toBe(503);
  expect(answer.headers['retry-after']).toBe('5');
  expect(answer.body.toString('latin1')).toContain(`cannot create spool file ${spoolDir}/segment-`);
  expect((await health()).status).toBe(200);

  fs.rmSync(spoolDir);
  expect((await postTraces(url, batches[41]!, PROTOBUF)).status).toBe(200);
  await untilStored({ url });
  const ids = spanIdsOf(batches[41]!);
  const [stored] = await sqlRows(
    { url },
    `SELECT count() AS n FROM costtrace.cost_events FINAL WHERE span_id IN (${ids.map((id) => `'${id}'`).join(',')})`,
  );
  expect(stored).toEqual({ n: String(SPANS) });
});

test('a block ClickHouse refuses does not block the pipeline: the other blocks of its segment are stored, it is kept aside', async () => {
  const row = (spanId: string) =>
    costRow({ timestamp: Date.now() * 1000, app: 'poison', span_id: spanId, cost_usd: null, cost_source: '' });
  // A block cut short (as a bad disk could leave one): the engine refuses the whole insert.
  const cut = encodeRows([row('00000000000000a2')]);
  await service.pipeline.spool.append(encodeRows([row('00000000000000a1')]), 1);
  await service.pipeline.spool.append(cut.subarray(0, cut.length - 7), 1);
  await service.pipeline.spool.append(encodeRows([row('00000000000000a3')]), 1);
  service.pipeline.spool.seal();
  expect((await postTraces(url, batches[42]!, PROTOBUF)).status).toBe(200);
  await eventually(async () => ((await metric({ url }, 'costtrace_spool_segments_quarantined_total')) === 1 ? true : undefined));
  await untilStored({ url });
  expect(await sqlRows({ url }, "SELECT span_id FROM costtrace.cost_events FINAL WHERE app = 'poison' ORDER BY span_id")).toEqual([
    { span_id: '00000000000000a1' },
    { span_id: '00000000000000a3' },
  ]);
  // The refused block, with its index.
  expect(fs.readdirSync(path.join(spoolDir, 'rejected'))).toHaveLength(2);
  const after = spanIdsOf(batches[42]!);
  const { final } = await rowsPerSpan({ url });
  for (const id of after) expect(final.get(id)).toBe(1);
});

test('with background merges stopped, replays pile up raw rows, and FINAL, /v1/report and `costtrace report` still count once', async () => {
  const [json] = makeBatches(1, 10, 'json') as Uint8Array[];
  const report = async () => {
    const api = await (await fetch(`${url}/v1/report?by=model`)).json();
    const cli = JSON.parse((await costtrace(['report', '--by', 'feature', '--format', 'json', '--data', dataDir])).stdout) as unknown;
    const [counts] = await sqlRows({ url }, 'SELECT count() AS n FROM costtrace.cost_events FINAL');
    return { api, cli, counts };
  };
  await service.store.ingest.command({ query: 'SYSTEM STOP MERGES costtrace.cost_events' });
  try {
    expect((await postTraces(url, json!, JSON_TYPE)).status).toBe(200);
    await untilStored({ url });
    const once = await report();
    for (let i = 0; i < 9; i++) expect((await postTraces(url, json!, JSON_TYPE)).status).toBe(200);
    await untilStored({ url });
    const ids = spanIdsOf(json!, JSON_TYPE);
    const { raw, final } = await rowsPerSpan({ url });
    // One insert collapses its own duplicates (optimize_on_insert); separate inserts stay apart with merges stopped.
    for (const id of ids) expect(raw.get(id)).toBeGreaterThanOrEqual(2);
    expect(ids.map((id) => final.get(id))).toEqual(ids.map(() => 1));
    expect(await report()).toEqual(once);
  } finally {
    await service.store.ingest.command({ query: 'SYSTEM START MERGES costtrace.cost_events' });
  }
});

test('server mode with ClickHouse unreachable at start-up: the collector starts, says why, answers 503 + Retry-After, stops cleanly', async () => {
  const closedPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const collector = await startCollector({
    dataDir: tempDataDir('costtrace-server-down-'),
    args: ['--clickhouse', `http://127.0.0.1:${closedPort}`],
  });
  try {
    const res = await fetch(`${collector.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'starting',
      db: 'error',
      error: expect.stringMatching(/^storage is not ready: .*ECONNREFUSED/),
    });
    const answer = await postTraces(collector.url, batches[33]!, PROTOBUF);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(collector.stderr()).toMatch(new RegExp(`ClickHouse at http://127.0.0.1:${closedPort}/ is unreachable .*retrying`));
    await eventually(async () => (/not ready .*next attempt in 2 s/.test(collector.stderr()) ? true : undefined));
  } finally {
    expect(await collector.stop()).toBe(0);
  }
});
