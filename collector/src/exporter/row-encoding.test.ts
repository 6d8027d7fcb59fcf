import { expect, test } from 'vitest';
import { costRow } from '../../test/helpers/cost-row-fixture.js';
import { encodeRows, ROW_COLUMNS } from './row-encoding.js';

const row = costRow({
  feature: 'chat "quoted"\n',
  cache_write_tokens: 3,
  reasoning_tokens: 0,
  units: { credits: 2.5 },
  service_tier: 'flex',
  meta: { plan: 'pro' },
  version: 7,
});

test('text beyond ASCII and lone surrogates are written as UTF-8 the engine can read', () => {
  const text = encodeRows([{ ...row, feature: 'résumé 😀 \ud800', meta: { région: 'Zürich' } }]).toString('utf8');
  expect(JSON.parse(text)).toEqual(
    ROW_COLUMNS.map((c) => (c === 'feature' ? 'résumé 😀 \ud800' : c === 'meta' ? { région: 'Zürich' } : row[c])),
  );
  expect(text.endsWith('\n')).toBe(true);
});

test('every CostRow field is a column, once, in the order the line is written', () => {
  expect([...ROW_COLUMNS].sort()).toEqual(Object.keys(row).sort());
  expect(encodeRows([row, row]).toString()).toBe(`${JSON.stringify(ROW_COLUMNS.map((c) => row[c]))}\n`.repeat(2));
});
