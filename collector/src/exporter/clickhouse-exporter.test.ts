import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { costRow } from '../../test/helpers/cost-row-fixture.js';
import { migrate } from '../store/migrate.js';
import { openStore } from '../store/open-store.js';
import { queryRows, type Store } from '../store/store.js';
import { ClickHouseExporter, type SegmentSink } from './clickhouse-exporter.js';
import { encodeRows } from './row-encoding.js';
import type { SealedSegment } from './row-spool.js';

let store: Store;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'costtrace-exporter-'));
// A quote and a backslash in the path: the INSERT names the segment file in a SQL string literal.
const spoolDir = path.join(root, "spool o'brien\\x");

beforeAll(async () => {
  fs.mkdirSync(spoolDir, { recursive: true });
  store = await openStore({ dataDir: path.join(root, 'data') });
  await migrate(store);
});
afterAll(async () => {
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await store.ingest.command({ query: 'TRUNCATE TABLE costtrace.cost_events' });
});

function row(span: string, cost: string | null) {
  return costRow({
    span_id: span,
    cost_usd: cost,
    cost_source: cost === null ? '' : 'catalog',
    unpriced_reason: cost === null ? 'unknown model' : '',
  });
}

function segment(name: string, content: string | Buffer, rows: number): SealedSegment {
  const file = path.join(spoolDir, name);
  fs.writeFileSync(file, content);
  return { file, rows, bytes: fs.statSync(file).size };
}

/** Runs the exporter over `segments` and says what became of each. */
async function exportAll(segments: SealedSegment[]) {
  const outcome = { released: [] as string[], quarantined: [] as string[], lost: [] as string[], stored: 0 };
  const sink: SegmentSink = {
    release: (s) => {
      outcome.released.push(path.basename(s.file));
      fs.rmSync(s.file, { force: true });
    },
    quarantine: (s) => outcome.quarantined.push(path.basename(s.file)),
  };
  const exporter = new ClickHouseExporter(store, sink, {
    onStored: (rows) => (outcome.stored += rows),
    onError: () => {},
    onLost: (s) => outcome.lost.push(path.basename(s.file)),
    onQuarantined: () => {},
  });
  for (const s of segments) exporter.enqueue(s);
  expect(await exporter.flush(20_000)).toBe(true);
  return outcome;
}

async function stored() {
  return queryRows<{ span_id: string; cost_usd: string | null }>(
    store,
    'SELECT span_id, cost_usd FROM costtrace.cost_events FINAL ORDER BY span_id',
  );
}

test('a cleanly written segment is read by the engine from its file, exact money and NULL cost kept', async () => {
  const outcome = await exportAll([segment('segment-000000000001.jsonl', encodeRows([row('a', '0.00045'), row('b', null)]), 2)]);
  expect(outcome).toEqual({ released: ['segment-000000000001.jsonl'], quarantined: [], lost: [], stored: 2 });
  expect(await stored()).toEqual([
    { span_id: 'a', cost_usd: '0.00045' },
    { span_id: 'b', cost_usd: null },
  ]);
});

test('a segment recovered after a crash has its torn line cut out, and its rows counted, before the insert', async () => {
  const torn = Buffer.concat([
    Buffer.from(encodeRows([row('a', '0.1')])),
    Buffer.from('["torn'),
    Buffer.alloc(3),
    Buffer.from(encodeRows([row('c', '0.3')])),
  ]);
  const outcome = await exportAll([segment('segment-000000000002.jsonl', torn, -1)]);
  expect(outcome.stored).toBe(2);
  expect(outcome.released).toEqual(['segment-000000000002.jsonl']);
  expect(await stored()).toEqual([
    { span_id: 'a', cost_usd: '0.1' },
    { span_id: 'c', cost_usd: '0.3' },
  ]);
});

test('a segment whose file vanished is reported lost and does not block the ones after it', async () => {
  const gone = segment('segment-000000000003.jsonl', encodeRows([row('x', '1')]), 1);
  fs.rmSync(gone.file);
  const outcome = await exportAll([gone, segment('segment-000000000004.jsonl', encodeRows([row('d', '0.4')]), 1)]);
  expect(outcome).toEqual({
    released: ['segment-000000000003.jsonl', 'segment-000000000004.jsonl'],
    quarantined: [],
    lost: ['segment-000000000003.jsonl'],
    stored: 1,
  });
  expect(await stored()).toEqual([{ span_id: 'd', cost_usd: '0.4' }]);
});

test('a row the engine cannot parse is skipped, the rest stored, and the file set aside', async () => {
  const lines = `${encodeRows([row('e', '0.5')])}["not a row"]\n${encodeRows([row('f', '0.6')])}`;
  const outcome = await exportAll([segment('segment-000000000005.jsonl', lines, 3)]);
  expect(outcome.quarantined).toEqual(['segment-000000000005.jsonl']);
  expect(await stored()).toEqual([
    { span_id: 'e', cost_usd: '0.5' },
    { span_id: 'f', cost_usd: '0.6' },
  ]);
});
