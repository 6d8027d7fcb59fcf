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
import { QUARANTINE_DIR, RowSpool, type SealedSegment } from './row-spool.js';

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
  fs.rmSync(spoolDir, { recursive: true, force: true });
  fs.mkdirSync(spoolDir, { recursive: true });
});

function row(span: string, cost: string | null) {
  return costRow({
    span_id: span,
    cost_usd: cost,
    cost_source: cost === null ? '' : 'catalog',
    unpriced_reason: cost === null ? 'unknown model' : '',
  });
}

/** A segment written the way the spool writes one: the blocks back to back, and an index line per block. */
function segment(name: string, blocks: Buffer[], rows: number[]): SealedSegment {
  const file = path.join(spoolDir, name);
  let offset = 0;
  const index = blocks.map((b, i) => `${(offset += b.length) - b.length} ${b.length} ${rows[i]}\n`);
  fs.writeFileSync(file, Buffer.concat(blocks));
  fs.writeFileSync(`${file}.index`, index.join(''));
  return { file, rows: rows.reduce((a, b) => a + b, 0), bytes: offset, blocks: blocks.length };
}

/** Runs the exporter, with the real spool as its sink, over `segments` and says what became of each. */
async function exportAll(segments: SealedSegment[]) {
  const outcome = { released: [] as string[], quarantined: [] as string[], lost: [] as string[], stored: 0 };
  const spool = new RowSpool({ dir: spoolDir, maxRows: 1000, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 30 }, () => {});
  const sink: SegmentSink = {
    release: (s) => {
      outcome.released.push(path.basename(s.file));
      spool.release(s);
    },
    split: (s) => spool.split(s),
    quarantine: (s) => {
      outcome.quarantined.push(path.basename(s.file));
      spool.quarantine(s);
    },
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

test('a segment is read by the engine from its file, exact money and NULL cost kept', async () => {
  const outcome = await exportAll([
    segment('segment-000000000001.blocks', [encodeRows([row('a', '0.00045')]), encodeRows([row('b', null)])], [1, 1]),
  ]);
  expect(outcome).toEqual({ released: ['segment-000000000001.blocks'], quarantined: [], lost: [], stored: 2 });
  expect(await stored()).toEqual([
    { span_id: 'a', cost_usd: '0.00045' },
    { span_id: 'b', cost_usd: null },
  ]);
  expect(fs.readdirSync(spoolDir)).toEqual([]);
});

test('a segment whose file vanished is reported lost and does not block the ones after it', async () => {
  const gone = segment('segment-000000000003.blocks', [encodeRows([row('x', '1')])], [1]);
  fs.rmSync(gone.file);
  const outcome = await exportAll([gone, segment('segment-000000000004.blocks', [encodeRows([row('d', '0.4')])], [1])]);
  expect(outcome).toEqual({
    released: ['segment-000000000003.blocks', 'segment-000000000004.blocks'],
    quarantined: [],
    lost: ['segment-000000000003.blocks'],
    stored: 1,
  });
  expect(await stored()).toEqual([{ span_id: 'd', cost_usd: '0.4' }]);
});

test('a block the engine cannot read is set aside on its own; every other block of its segment is stored', async () => {
  const good = [encodeRows([row('e', '0.5'), row('f', '0.6')]), encodeRows([row('g', '0.7')])];
  const cut = encodeRows([row('h', '0.8')]).subarray(0, 40);
  const outcome = await exportAll([segment('segment-000000000005.blocks', [good[0]!, good[1]!, cut], [2, 1, 1])]);
  expect(await stored()).toEqual([
    { span_id: 'e', cost_usd: '0.5' },
    { span_id: 'f', cost_usd: '0.6' },
    { span_id: 'g', cost_usd: '0.7' },
  ]);
  expect(outcome.stored).toBe(3);
  // The segment became one segment per block; only the cut one is kept aside, with its index.
  expect(outcome.quarantined).toHaveLength(1);
  const rejected = path.join(spoolDir, QUARANTINE_DIR);
  const kept = fs.readdirSync(rejected).sort();
  expect(kept).toEqual([outcome.quarantined[0], `${outcome.quarantined[0]}.index`]);
  expect(fs.readFileSync(path.join(rejected, kept[0]!))).toEqual(cut);
  expect(fs.readdirSync(spoolDir)).toEqual([QUARANTINE_DIR]);
});
