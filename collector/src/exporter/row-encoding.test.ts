import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { costRow } from '../../test/helpers/cost-row-fixture.js';
import { migrate } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { queryRows, type Store } from '../store/store.js';
import { COST_EVENTS } from '../store/schema.js';
import type { CostRow } from '../processor/cost-row.js';
import { encodeRows, ROW_COLUMNS, spoolInsertQuery } from './row-encoding.js';

// The block format is only right if the engine reads back exactly what was written: every test goes through chDB.
let store: Store;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'costtrace-row-encoding-'));

beforeAll(async () => {
  store = await openStore({ dataDir: path.join(root, 'data') });
  await migrate(store);
});
afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});

let files = 0;
/** Inserts `rows` as one block through a spool-like file and reads them back by span id. */
async function roundTrip(rows: CostRow[]): Promise<Record<string, unknown>[]> {
  await store.ingest.command({ query: `TRUNCATE TABLE ${COST_EVENTS}` });
  const file = path.join(root, `block-${++files}.native`);
  fs.writeFileSync(file, encodeRows(rows));
  await store.ingest.command({ query: spoolInsertQuery(COST_EVENTS, '', file) });
  return queryRows(
    store,
    `SELECT ${ROW_COLUMNS.filter((c) => c !== 'timestamp').join(', ')}, toString(timestamp) AS timestamp FROM ${COST_EVENTS} ORDER BY span_id`,
  );
}

test('every CostRow field is a column, once', () => {
  expect([...ROW_COLUMNS].sort()).toEqual(Object.keys(costRow()).sort());
});

test('text of any length and script reads back as written; lone surrogates become U+FFFD', async () => {
  const long = 'ä'.repeat(70) + 'x'.repeat(200);
  const [a, b, c] = await roundTrip([
    costRow({ span_id: 'a', feature: 'résumé 😀 \ud800', user_id: long, meta: { région: 'Zürich', plan: 'pro' } }),
    costRow({ span_id: 'b', feature: '', user_id: 'x'.repeat(127), org_id: 'x'.repeat(128), meta: {} }),
    costRow({ span_id: 'c', feature: 'chat "quoted"\n\t\\', model: 'ascii then é', meta: { '': '' } }),
  ]);
  expect(a).toMatchObject({ feature: 'résumé 😀 \ufffd', user_id: long, meta: { région: 'Zürich', plan: 'pro' } });
  expect(b).toMatchObject({ feature: '', user_id: 'x'.repeat(127), org_id: 'x'.repeat(128), meta: {} });
  expect(c).toMatchObject({ feature: 'chat "quoted"\n\t\\', model: 'ascii then é', meta: { '': '' } });
});

test('money is exact to 18 places across the whole Decimal(38, 18) range, and NULL stays NULL', async () => {
  const max = '99999999999999999999.999999999999999999';
  const rows = await roundTrip([
    costRow({ span_id: 'a', cost_usd: '0.00045', charge_usd: null, provider_cost_usd: '0.000000000000000001' }),
    costRow({ span_id: 'b', cost_usd: max, charge_usd: `-${max}`, provider_cost_usd: '0' }),
    costRow({ span_id: 'c', cost_usd: '-0.5', charge_usd: '1234567.1', provider_cost_usd: '00012.50' }),
    costRow({ span_id: 'd', cost_usd: null, charge_usd: '18446744073709551616', provider_cost_usd: '-0' }),
  ]);
  expect(rows.map((r) => [r.cost_usd, r.charge_usd, r.provider_cost_usd])).toEqual([
    ['0.00045', null, '0.000000000000000001'],
    [max, `-${max}`, '0'],
    ['-0.5', '1234567.1', '12.5'],
    [null, '18446744073709551616', '0'],
  ]);
});

test('counts, times, units and versions read back exactly', async () => {
  const [row] = await roundTrip([
    costRow({
      timestamp: 1763000000123456,
      input_tokens: Number.MAX_SAFE_INTEGER,
      output_tokens: 0,
      cache_read_tokens: null,
      reasoning_tokens: 7,
      units: { credits: 2.5, seconds: 0.1 },
      duration_ms: 12.345,
      version: 1795373204330000,
    }),
  ]);
  expect(row).toMatchObject({
    timestamp: '2025-11-13 02:13:20.123456',
    input_tokens: String(Number.MAX_SAFE_INTEGER),
    output_tokens: '0',
    cache_read_tokens: null,
    reasoning_tokens: '7',
    units: { credits: 2.5, seconds: 0.1 },
    duration_ms: 12.345,
    version: '1795373204330000',
  });
});

test('a block of many rows keeps each row whole and in its own columns', async () => {
  const rows = Array.from({ length: 600 }, (_, i) =>
    costRow({
      span_id: String(i).padStart(4, '0'),
      input_tokens: i,
      cost_usd: i % 3 === 0 ? null : `0.${i}`,
      meta: i % 2 ? { n: `${i}` } : {},
    }),
  );
  const back = await roundTrip(rows);
  expect(back).toHaveLength(600);
  expect(back.map((r) => [r.input_tokens, r.cost_usd, r.meta])).toEqual(
    rows.map((r) => [String(r.input_tokens), r.cost_usd === null ? null : String(Number(r.cost_usd)).replace(/^0\./, '0.'), r.meta]),
  );
});

test.each([
  ['1e-5', /"1e-5" is not a decimal number with at most 18 places/],
  ['1.', /"1\." is not a decimal/],
  ['.5', /"\.5" is not a decimal/],
  ['-', /"-" is not a decimal/],
  ['0.1234567890123456789', /at most 18 places/],
  ['100000000000000000000', /100000000000000000000 does not fit Decimal\(38, 18\)/],
])('money text %s is refused with a RangeError naming it, never written wrong', (cost, message) => {
  expect(() => encodeRows([costRow({ cost_usd: cost })])).toThrow(message);
});

test('a token count that is not a safe integer is refused', () => {
  expect(() => encodeRows([costRow({ input_tokens: 2 ** 53 })])).toThrow(/9007199254740992 is not an integer/);
  expect(() => encodeRows([costRow({ input_tokens: 1.5 })])).toThrow(RangeError);
});
