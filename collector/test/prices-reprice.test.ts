// `costtrace reprice`: calls stored unpriced are priced once a price exists, through a running serve and directly on
// the storage; only changed rows are rewritten, each span still counts once, a second run changes nothing and a dry
// run writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { costtrace, startCollector, tempDataDir, type CollectorProcess } from './helpers/collector-process.js';
import { otelProvider } from './helpers/otel-exporters.js';
import type { RepriceSummary } from '../src/prices/reprice.js';
import { api, daysAgo, noonOf, sendChatSpans, storedRows, usdFor } from './helpers/price-spans.js';

const dir = tempDataDir('costtrace-reprice-');
const dataDir = path.join(dir, 'data');
const APP = 'reprice-app';
// The price the operator adds later for the unknown model, and OpenAI's gpt-4o-mini list price (per million tokens).
const ACME = { input: '2.5', output: '10' };
const LIST = { input: '0.15', output: '0.60' };
const acmeCalls = [
  { model: 'acme-llm-1', at: noonOf(daysAgo(2)), input: 1200, output: 340 },
  { model: 'acme-llm-1', at: noonOf(daysAgo(1)), input: 777, output: 1 },
  { model: 'acme-llm-1', at: noonOf(daysAgo(1), 2), input: 5000, output: 4321 },
];
const listCall = { model: 'gpt-4o-mini', at: noonOf(daysAgo(1), 1), input: 1000, output: 500 };
const acmeCost = usdFor(
  ...acmeCalls.flatMap((c): Array<[number, string]> => [
    [c.input, ACME.input],
    [c.output, ACME.output],
  ]),
);
const listCost = usdFor([listCall.input, LIST.input], [listCall.output, LIST.output]);

let collector: CollectorProcess;

const reprice = async (...args: string[]) => {
  const { stdout, stderr } = await costtrace(['reprice', '--data', dataDir, '--format', 'json', ...args]);
  return { summary: JSON.parse(stdout) as RepriceSummary, stderr };
};
const sqlDirect = async (query: string) =>
  (await costtrace(['sql', query, '--format', 'csv', '--data', dataDir])).stdout.trim().split('\n').slice(1);
const modelReport = async () => {
  const { stdout } = await costtrace(['report', '--by', 'model', '--app', APP, '--format', 'json', '--data', dataDir]);
  // Through a serve or on the storage directly, the JSON report is {rows: [...]}.
  const { rows } = JSON.parse(stdout) as { rows: Array<Record<string, string | null>> };
  return Object.fromEntries(rows.map((r) => [r.model, r]));
};

beforeAll(async () => {
  collector = await startCollector({ dataDir, env: { COSTTRACE_BATCH_MAX_AGE_MS: '50' } });
  await sendChatSpans(collector, APP, [...acmeCalls, listCall]);
  // A GenAI client span that reported no usage: stored as a row with nothing to price.
  const otel = otelProvider('json', collector.url, APP);
  otel.span('chat silent', { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'acme-llm-1' }, noonOf(daysAgo(1), 3));
  await otel.provider.shutdown();
  await storedRows(collector, APP, 5);
});
afterAll(async () => {
  await collector?.stop();
});

test('unknown-model calls are stored unpriced, counted apart and listed by reason', async () => {
  const report = await modelReport();
  expect(report['acme-llm-1']).toMatchObject({ cost_usd: null, calls: '4', unpriced_calls: '4' });
  expect(report['gpt-4o-mini']).toMatchObject({ cost_usd: listCost, calls: '1', unpriced_calls: '0' });
  const { stdout } = await costtrace(['unpriced', '--format', 'csv', '--data', dataDir]);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toBe('"provider","model","reason","calls","input_tokens","output_tokens","first_seen","last_seen"');
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
    '"openai","acme-llm-1","no price for openai/acme-llm-1",3',
    '"openai","acme-llm-1","usage not reported",1',
  ]);
});

test('through a running serve: a dry run writes nothing, a reprice prices each span once, a second run changes nothing', async () => {
  const added = await api(collector, 'POST', '/v1/prices', {
    overrides: [{ provider: 'openai', model: 'acme-llm-1', prices: { input_mtok: ACME.input, output_mtok: ACME.output } }],
  });
  expect(added.status).toBe(201);

  const dry = await reprice('--dry-run');
  expect(dry.summary).toMatchObject({
    dryRun: true,
    scanned: 5,
    changed: 3,
    newlyPriced: 3,
    newlyUnpriced: 0,
    stillUnpriced: 0,
    withoutUsage: 1,
  });
  expect(dry.summary.costBeforeUsd).toBe(listCost);
  expect(dry.summary.costAfterUsd).toBe(
    usdFor(
      ...acmeCalls.flatMap((c): Array<[number, string]> => [
        [c.input, ACME.input],
        [c.output, ACME.output],
      ]),
      [listCall.input, LIST.input],
      [listCall.output, LIST.output],
    ),
  );
  expect((await modelReport())['acme-llm-1']).toMatchObject({ cost_usd: null, unpriced_calls: '4' });

  const run = await reprice('--chunk-rows', '1');
  expect(run.summary).toMatchObject({
    dryRun: false,
    scanned: 5,
    changed: 3,
    newlyPriced: 3,
    withoutUsage: 1,
    costAfterUsd: dry.summary.costAfterUsd,
  });
  // One chunk per hour with a call in it, each reported on stderr as it finishes.
  const chunks = [...run.stderr.matchAll(/^reprice: chunk (\d+)\/(\d+) .*: (\d+) rows, (\d+) changed/gm)];
  expect(chunks.map((m) => m[1])).toEqual(['1', '2', '3', '4', '5']);
  expect(chunks.every((m) => m[2] === '5')).toBe(true);

  const rows = await storedRows(collector, APP, 5);
  const acme = rows.filter((r) => r.model === 'acme-llm-1' && r.unpriced_reason !== 'usage not reported');
  expect(acme.map((r) => [r.cost_usd, r.cost_source])).toEqual(
    acmeCalls.map((c) => [usdFor([c.input, ACME.input], [c.output, ACME.output]), 'override']),
  );
  expect(rows).toHaveLength(5);
  const report = await modelReport();
  expect(report['acme-llm-1']).toMatchObject({ cost_usd: acmeCost, calls: '4', unpriced_calls: '1' });
  expect(report['gpt-4o-mini']).toMatchObject({ cost_usd: listCost, calls: '1' });

  expect((await reprice()).summary).toMatchObject({ scanned: 5, changed: 0, newlyPriced: 0, costBeforeUsd: dry.summary.costAfterUsd });
  expect((await reprice('--where', "model = 'gpt-4o-mini'", '--dry-run')).summary).toMatchObject({ scanned: 1, changed: 0 });
  await expect(costtrace(['reprice', '--data', dataDir, '--where', 'no_such_column = 1'])).rejects.toThrow(/no_such_column/);
});

test('without a serve: reprice opens the storage, uses the stored API rules and the given prices file', async () => {
  await collector.stop();
  const pricesFile = path.join(dir, 'prices.yaml');
  const NEGOTIATED = { input: '0.12', output: '0.48' };
  fs.writeFileSync(
    pricesFile,
    `overrides:\n  - { provider: openai, model: gpt-4o-mini, prices: { input_mtok: "${NEGOTIATED.input}", output_mtok: "${NEGOTIATED.output}" } }\n`,
  );
  const costOf = async () => sqlDirect(`SELECT cost_usd, cost_source FROM costtrace.cost_events FINAL WHERE model = 'gpt-4o-mini'`);

  const dry = await reprice('--prices', pricesFile, '--dry-run');
  expect(dry.summary).toMatchObject({ dryRun: true, scanned: 5, changed: 1, newlyPriced: 0 });
  expect(await costOf()).toEqual([`${listCost},"catalog"`]);

  const negotiated = usdFor([listCall.input, NEGOTIATED.input], [listCall.output, NEGOTIATED.output]);
  const run = await reprice('--prices', pricesFile);
  // The acme rows keep the price from the API rule stored in ClickHouse: only gpt-4o-mini changes.
  expect(run.summary).toMatchObject({ scanned: 5, changed: 1, costBeforeUsd: dry.summary.costBeforeUsd });
  expect(run.stderr).toMatch(/^reprice: chunk 1\/1 /m);
  expect(await costOf()).toEqual([`${negotiated},"override"`]);
  expect(await sqlDirect(`SELECT count() FROM costtrace.cost_events FINAL WHERE app = '${APP}'`)).toEqual(['5']);
  expect((await modelReport())['gpt-4o-mini']).toMatchObject({ cost_usd: negotiated, calls: '1' });

  expect((await reprice('--prices', pricesFile)).summary).toMatchObject({ scanned: 5, changed: 0 });
  // Without the file, the list price comes back: repricing follows whatever the prices are now.
  expect((await reprice('--dry-run')).summary).toMatchObject({ changed: 1 });
});
