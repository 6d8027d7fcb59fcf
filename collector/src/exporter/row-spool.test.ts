import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { QUARANTINE_DIR, RowSpool, rowsOfSegment, SpoolFullError, type SealedSegment } from './row-spool.js';

const dirs: string[] = [];
function spoolDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test('seals a segment by row count and hands it over with exactly the appended bytes', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 3, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  spool.recover();
  await spool.append('{"a":1}\n{"a":2}\n', 2);
  expect(sealed).toHaveLength(0);
  await spool.append('{"a":3}\n', 1);
  await spool.handedOver();
  expect(sealed).toHaveLength(1);
  expect(sealed[0]!.rows).toBe(3);
  expect(fs.readFileSync(sealed[0]!.file, 'utf8')).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
  spool.release(sealed[0]!);
  expect(fs.existsSync(sealed[0]!.file)).toBe(false);
  expect(spool.backlogBytes).toBe(0);
});

test('seals by age', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1000, maxAgeMs: 20, minAgeMs: 20, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  await spool.append('{"a":1}\n', 1);
  await new Promise((resolve) => setTimeout(resolve, 60));
  await spool.handedOver();
  expect(sealed.map((s) => s.rows)).toEqual([1]);
});

describe('on a fake clock, one row every 10 ms', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => void vi.useRealTimers());

  /** A spool sealing at 100 ms once traffic pauses, or at `maxAgeMs`; `rows` appends 10 ms apart. */
  async function steadyTraffic(maxAgeMs: number, rows: number): Promise<{ spool: RowSpool; sealed: SealedSegment[] }> {
    const sealed: SealedSegment[] = [];
    const spool = new RowSpool({ dir: spoolDir(), maxRows: 1000, maxAgeMs, minAgeMs: 100, maxBytes: 1 << 20 }, (s) => sealed.push(s));
    for (let i = 0; i < rows; i++) {
      await spool.append('{"a":1}\n', 1);
      vi.advanceTimersByTime(10);
    }
    await spool.handedOver();
    return { spool, sealed };
  }

  test('a segment grows past its minimum age while traffic lasts, and is sealed once it pauses', async () => {
    const { spool, sealed } = await steadyTraffic(1000, 30);
    expect(sealed).toHaveLength(0);
    vi.advanceTimersByTime(20);
    await spool.handedOver();
    expect(sealed.map((s) => s.rows)).toEqual([30]);
  });

  test('steady traffic never holds a segment past its maximum age', async () => {
    const { sealed } = await steadyTraffic(500, 120);
    expect(sealed.map((s) => s.rows)).toEqual([50, 50]);
  });
});

test('recovers segments left by a crash, cutting a torn last line, and continues the sequence', () => {
  const dir = spoolDir();
  fs.writeFileSync(path.join(dir, 'segment-000000000007.jsonl'), '{"a":1}\n{"a":2}\n{"a":');
  fs.writeFileSync(path.join(dir, 'segment-000000000003.jsonl'), '{"b":1}\n');
  fs.writeFileSync(path.join(dir, 'segment-000000000009.jsonl'), '{"torn');
  const spool = new RowSpool({ dir, maxRows: 10, maxAgeMs: 1000, minAgeMs: 1000, maxBytes: 1 << 20 }, () => {});
  const found = spool.recover();
  expect(found.map((s) => path.basename(s.file))).toEqual(['segment-000000000003.jsonl', 'segment-000000000007.jsonl']);
  expect(fs.readFileSync(found[1]!.file, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  expect(fs.existsSync(path.join(dir, 'segment-000000000009.jsonl'))).toBe(false);
  expect(spool.backlogBytes).toBe(8 + 16);
});

test('refuses appends with SpoolFullError once unsent bytes pass the bound, and accepts again after release', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 10 }, (s) => sealed.push(s));
  await spool.append('{"a":"0123456789"}\n', 1);
  await spool.handedOver();
  await expect(spool.append('{"a":2}\n', 1)).rejects.toBeInstanceOf(SpoolFullError);
  spool.release(sealed[0]!);
  await expect(spool.append('{"a":2}\n', 1)).resolves.toBeUndefined();
});

test('the bound counts the open segment too: an append that would pass it is refused, an empty spool takes any one', async () => {
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1000, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 20 }, () => {});
  await spool.append('{"a":"0123456789abcdef"}\n', 1); // 25 bytes: more than the bound, but the spool was empty
  expect(spool.backlogBytes).toBe(25);
  await expect(spool.append('{"a":1}\n', 1)).rejects.toThrow(
    new SpoolFullError('spool holds 25 bytes not yet stored and 8 more would pass its limit of 20; storage is behind or down'),
  );
});

test('rowsOfSegment keeps every complete row around the holes that failed or killed writes leave', () => {
  const rows = (text: string) => rowsOfSegment(Buffer.from(text)).toString();
  expect(rows('{"a":1}\n{"a":2}\n')).toBe('{"a":1}\n{"a":2}\n');
  // A write that never happened: zeros up to where the next write starts.
  expect(rows('{"a":1}\n\0\0\0\0\0\0\0\0{"a":3}\n')).toBe('{"a":1}\n{"a":3}\n');
  // A write cut short after one row and the start of a second: the complete row stays, the torn one goes.
  expect(rows('{"a":1}\n{"b":1}\n{"b":\0\0\0\0{"a":3}\n{"a":4}\n')).toBe('{"a":1}\n{"b":1}\n{"a":3}\n{"a":4}\n');
  // Two holes in a row, and a hole that ends the segment.
  expect(rows('{"c"\0\0\0\0\0\0\0\0\0\0{"a":5}\n\0\0\0\0\n')).toBe('{"a":5}\n');
});

test('quarantine moves a segment aside, keeps only the newest 20, and releases its bytes', async () => {
  const dir = spoolDir();
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir, maxRows: 1, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  for (let i = 0; i < 22; i++) await spool.append(`{"i":${i}}\n`, 1);
  await spool.handedOver();
  for (const segment of sealed) spool.quarantine(segment);
  const kept = fs.readdirSync(path.join(dir, QUARANTINE_DIR));
  expect(kept).toHaveLength(20);
  expect(kept[0]).toBe(path.basename(sealed[2]!.file));
  expect(fs.readFileSync(path.join(dir, QUARANTINE_DIR, kept[19]!), 'utf8')).toBe('{"i":21}\n');
  expect(spool.backlogBytes).toBe(0);
  expect(fs.readdirSync(dir)).toEqual([QUARANTINE_DIR]);
});

test('a segment whose file vanished before sealing is reported, not thrown, and the spool keeps working', async () => {
  const dir = spoolDir();
  const errors: Error[] = [];
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool(
    { dir, maxRows: 100, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 },
    (s) => sealed.push(s),
    (e) => errors.push(e),
  );
  await spool.append('{"a":1}\n', 1);
  fs.rmSync(dir, { recursive: true });
  spool.seal();
  await spool.handedOver();
  expect(errors.map((e) => e.message)).toEqual([
    expect.stringMatching(/segment-000000000001\.jsonl is unreadable, its rows are lost: ENOENT/),
  ]);
  expect(spool.backlogBytes).toBe(0);
  await spool.append('{"a":2}\n', 1);
  spool.seal();
  await spool.handedOver();
  expect(sealed.map((s) => fs.readFileSync(s.file, 'utf8'))).toEqual(['{"a":2}\n']);
});
