// The operator's prices file (--prices): negotiated prices with effective dates price each call at its own time,
// SIGHUP re-reads the file (keeping the old rules when the new file is bad), and a bad file stops start-up.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { costtrace, eventually, startCollector, tempDataDir, type CollectorProcess } from './helpers/collector-process.js';
import { api, daysAgo, noonOf, sendChatSpans, storedRows, usdFor } from './helpers/price-spans.js';

const dir = tempDataDir('costtrace-prices-file-');
const pricesFile = path.join(dir, 'prices.yaml');
const FROM = daysAgo(20);
const UNTIL = daysAgo(10);
// OpenAI list price of gpt-4o-mini (per million tokens) and two negotiated prices that follow each other.
const LIST = { input: '0.15', output: '0.60' };
const FIRST = { input: '0.12', output: '0.48' };
const SECOND = { input: '0.10', output: '0.40' };

const pricesYaml = (second: { input: string; output: string }) => `
overrides:
  - provider: openai
    model: gpt-4o-mini
    effective_from: ${FROM}
    effective_to: ${UNTIL}
    prices: { input_mtok: "${FIRST.input}", output_mtok: "${FIRST.output}" }
  - provider: openai
    model: gpt-4o-mini
    effective_from: ${UNTIL}
    prices: { input_mtok: "${second.input}", output_mtok: "${second.output}" }
`;

let collector: CollectorProcess;

beforeAll(async () => {
  fs.writeFileSync(pricesFile, pricesYaml(SECOND));
  collector = await startCollector({
    dataDir: path.join(dir, 'data'),
    args: ['--prices', pricesFile],
    env: { COSTTRACE_BATCH_MAX_AGE_MS: '50' },
  });
});
afterAll(async () => {
  await collector?.stop();
});

test('each call is priced by the price in effect at its own timestamp, to the exact decimal', async () => {
  const boundary = new Date(`${UNTIL}T00:00:00Z`);
  const calls = [
    { at: noonOf(daysAgo(25)), price: LIST, source: 'catalog' },
    { at: noonOf(daysAgo(15)), price: FIRST, source: 'override' },
    { at: new Date(boundary.getTime() - 1), price: FIRST, source: 'override' },
    { at: boundary, price: SECOND, source: 'override' },
    { at: noonOf(daysAgo(5)), price: SECOND, source: 'override' },
  ];
  await sendChatSpans(
    collector,
    'dated',
    calls.map(({ at }) => ({ model: 'gpt-4o-mini', at, input: 1000, output: 500 })),
  );
  const rows = await storedRows(collector, 'dated', calls.length);
  expect(rows.map((r) => [r.cost_usd, r.cost_source])).toEqual(
    calls.map(({ price, source }) => [usdFor([1000, price.input], [500, price.output]), source]),
  );
  expect(rows[0]!.price_version).toBe('catalog@0.1.8');
  expect(rows[1]!.price_version).toMatch(/^override:/);
  expect(rows[2]!.price_version).toBe(rows[1]!.price_version);
  expect(rows[3]!.price_version).not.toBe(rows[1]!.price_version);
});

test('GET /v1/prices lists the file rules as read-only, and they cannot be deleted through the API', async () => {
  const { body } = await api<{ version: string; pricesFile: string; rules: Array<Record<string, unknown>> }>(
    collector,
    'GET',
    '/v1/prices',
  );
  expect(body.version).toMatch(/^catalog@0\.1\.8\+rules:[0-9a-f]{16}$/);
  expect(body.pricesFile).toBe(pricesFile);
  expect(body.rules).toEqual([
    expect.objectContaining({ id: 'file:overrides[0]', kind: 'override', source: 'file', readOnly: true }),
    expect.objectContaining({ id: 'file:overrides[1]', kind: 'override', source: 'file', readOnly: true }),
  ]);
  expect(body.rules[0]!.rule).toEqual({
    provider: 'openai',
    model: 'gpt-4o-mini',
    effective_from: `${FROM}T00:00:00.000Z`,
    effective_to: `${UNTIL}T00:00:00.000Z`,
    prices: { input_mtok: FIRST.input, output_mtok: FIRST.output },
  });
  const refused = await api(collector, 'DELETE', `/v1/prices/${encodeURIComponent('file:overrides[0]')}`);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatch(/comes from the prices file/);
});

test('SIGHUP re-reads the file; a bad file keeps the rules loaded before', async () => {
  const cheaper = { input: '0.09', output: '0.36' };
  fs.writeFileSync(pricesFile, pricesYaml(cheaper));
  collector.child.kill('SIGHUP');
  await eventually(async () => (collector.stderr().includes(`prices file ${pricesFile} reloaded`) ? true : undefined));
  await sendChatSpans(collector, 'reloaded', [{ model: 'gpt-4o-mini', at: noonOf(daysAgo(4)), input: 1000, output: 500 }]);
  const [row] = await storedRows(collector, 'reloaded', 1);
  expect(row!.cost_usd).toBe(usdFor([1000, cheaper.input], [500, cheaper.output]));

  fs.writeFileSync(pricesFile, pricesYaml({ input: 'cheap', output: '0.36' }));
  collector.child.kill('SIGHUP');
  await eventually(async () => (collector.stderr().includes('keeping the rules loaded before') ? true : undefined));
  expect(collector.stderr()).toContain(
    `prices file ${pricesFile}: overrides[1].prices.input_mtok: expected a non-negative decimal, got "cheap"`,
  );
  await sendChatSpans(collector, 'kept', [{ model: 'gpt-4o-mini', at: noonOf(daysAgo(3)), input: 1000, output: 500 }]);
  const [kept] = await storedRows(collector, 'kept', 1);
  expect(kept!.cost_usd).toBe(usdFor([1000, cheaper.input], [500, cheaper.output]));
  expect(collector.child.exitCode).toBeNull();
});

test('a bad prices file stops start-up with a message naming the file, entry and field', async () => {
  const cases: Array<[string, string, string]> = [
    [
      'bad-value.yaml',
      'overrides:\n  - { provider: openai, model: gpt-4o, prices: { input_mtok: "abc" } }\n',
      'overrides[0].prices.input_mtok: expected a non-negative decimal, got "abc"',
    ],
    ['unknown-field.json', '{"markups": [{"org": "acme", "percnt": 20}]}', 'markups[0].percnt: unknown field'],
    ['broken.yaml', 'overrides: [ { provider: openai\n', 'not valid YAML'],
  ];
  const data = tempDataDir('costtrace-prices-bad-');
  for (const [name, text, message] of cases) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const start = costtrace(['serve', '--port', '0', '--host', '127.0.0.1', '--data', data, '--prices', file]);
    await expect(start).rejects.toThrow(`costtrace: prices file ${file}: ${message}`);
  }
});
