// The /v1/prices API: rules added over HTTP price new spans, survive a restart (they live in ClickHouse), can be
// deleted, and bad or competing rules are refused with a message naming the field or the rival rule.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCollector, tempDataDir, type CollectorProcess } from './helpers/collector-process.js';
import { api, daysAgo, noonOf, sendChatSpans, storedRows, usdFor } from './helpers/price-spans.js';

type RuleView = { id: string; kind: string; source: string; readOnly: boolean; createdAt?: string; rule: Record<string, unknown> };
type PricesView = { version: string; catalog: { version: string }; rules: RuleView[] };

const dataDir = tempDataDir('costtrace-prices-api-');
const env = { COSTTRACE_BATCH_MAX_AGE_MS: '50' };
// A negotiated gpt-4o-mini price for one org only (per million tokens), and the OpenAI list price everyone else pays.
const NEGOTIATED = { input_mtok: '0.11', output_mtok: '0.44' };
const LIST = { input: '0.15', output: '0.60' };
const override = { provider: 'openai', model: 'gpt-4o-mini', org: 'acme', prices: NEGOTIATED };

let collector: CollectorProcess;
let ruleId: string;

beforeAll(async () => {
  collector = await startCollector({ dataDir, env });
});
afterAll(async () => {
  await collector?.stop();
});

test('a fresh collector prices from the bundled catalog and has no rules', async () => {
  const { status, body } = await api<PricesView>(collector, 'GET', '/v1/prices');
  expect(status).toBe(200);
  expect(body).toEqual({ version: 'catalog@0.1.8', catalog: { version: 'catalog@0.1.8' }, rules: [] });
});

test('bad rules get a 400 naming the field, and nothing is added', async () => {
  const cases: Array<[unknown, string]> = [
    [
      { overrides: [{ ...override, prices: { input_mtok: '-1' } }] },
      'overrides[0].prices.input_mtok: expected a non-negative decimal, got "-1"',
    ],
    [{ overrides: [{ provider: 'openai', prices: NEGOTIATED }] }, 'overrides[0].model: expected a non-empty string'],
    [{ overrides: [{ ...override, effective_from: 'next tuesday' }] }, 'overrides[0].effective_from: expected a date'],
    [{ markups: [{ org: 'acme', percent: 'lots' }] }, 'markups[0].percent: expected a decimal'],
    [
      { unit_prices: [{ provider: 'firecrawl', unit: 'credits', usd: '0.001', per: 0 }] },
      'unit_prices[0].per: expected a positive integer',
    ],
    [{ overides: [] }, 'prices file.overides: unknown field'],
    [{}, 'no rules'],
    ['{not json', 'body must be a JSON prices document'],
  ];
  for (const [body, message] of cases) {
    const answer = await api<{ error: string }>(collector, 'POST', '/v1/prices', body);
    expect(answer.status, message).toBe(400);
    expect(answer.body.error).toContain(message);
  }
  expect((await api<PricesView>(collector, 'GET', '/v1/prices')).body.rules).toEqual([]);
});

test('POST adds an org override that prices new spans for that org only; posting it again changes nothing', async () => {
  const added = await api<{ version: string; added: RuleView[]; unchanged: RuleView[] }>(collector, 'POST', '/v1/prices', {
    overrides: [override],
  });
  expect(added.status).toBe(201);
  expect(added.body.added).toEqual([expect.objectContaining({ kind: 'override', source: 'api', readOnly: false, rule: override })]);
  ruleId = added.body.added[0]!.id;
  expect(added.body.version).toMatch(/^catalog@0\.1\.8\+rules:/);

  const again = await api<{ added: RuleView[]; unchanged: RuleView[] }>(collector, 'POST', '/v1/prices', { overrides: [override] });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ added: [], unchanged: [{ id: ruleId }] });

  const at = noonOf(daysAgo(1));
  await sendChatSpans(collector, 'api-added', [
    { model: 'gpt-4o-mini', at, input: 2000, output: 300, org: 'acme' },
    { model: 'gpt-4o-mini', at: new Date(at.getTime() + 1000), input: 2000, output: 300, org: 'globex' },
  ]);
  const rows = await storedRows(collector, 'api-added', 2);
  expect(rows.map((r) => [r.cost_usd, r.cost_source])).toEqual([
    [usdFor([2000, NEGOTIATED.input_mtok], [300, NEGOTIATED.output_mtok]), 'override'],
    [usdFor([2000, LIST.input], [300, LIST.output]), 'catalog'],
  ]);
});

test('a rule competing with one in force gets a 409 naming it', async () => {
  const rival = await api<{ error: string }>(collector, 'POST', '/v1/prices', {
    overrides: [{ ...override, prices: { input_mtok: '0.1', output_mtok: '0.4' } }],
  });
  expect(rival.status).toBe(409);
  expect(rival.body.error).toContain(`overrides[0] (openai/gpt-4o-mini): competes with rule ${ruleId}`);
});

test('rules survive a restart, and DELETE removes one for good', async () => {
  await collector.stop();
  collector = await startCollector({ dataDir, env });
  const listed = await api<PricesView>(collector, 'GET', '/v1/prices');
  expect(listed.body.rules).toEqual([expect.objectContaining({ id: ruleId, source: 'api', rule: override })]);
  await sendChatSpans(collector, 'api-restarted', [
    { model: 'gpt-4o-mini', at: noonOf(daysAgo(1)), input: 1000, output: 100, org: 'acme' },
  ]);
  const [kept] = await storedRows(collector, 'api-restarted', 1);
  expect(kept!.cost_usd).toBe(usdFor([1000, NEGOTIATED.input_mtok], [100, NEGOTIATED.output_mtok]));

  const removed = await api<{ version: string; removed: RuleView }>(collector, 'DELETE', `/v1/prices/${ruleId}`);
  expect(removed.status).toBe(200);
  expect(removed.body).toMatchObject({ version: 'catalog@0.1.8', removed: { id: ruleId } });
  expect((await api(collector, 'DELETE', `/v1/prices/${ruleId}`)).status).toBe(404);
  await sendChatSpans(collector, 'api-deleted', [{ model: 'gpt-4o-mini', at: noonOf(daysAgo(1)), input: 1000, output: 100, org: 'acme' }]);
  const [listPriced] = await storedRows(collector, 'api-deleted', 1);
  expect(listPriced!.cost_usd).toBe(usdFor([1000, LIST.input], [100, LIST.output]));

  await collector.stop();
  collector = await startCollector({ dataDir, env });
  expect((await api<PricesView>(collector, 'GET', '/v1/prices')).body).toMatchObject({ version: 'catalog@0.1.8', rules: [] });
});
