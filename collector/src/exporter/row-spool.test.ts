import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { RowSpool, SpoolFullError, type SealedSegment } from './row-spool.js';

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
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 3, maxAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
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
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1000, maxAgeMs: 20, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  await spool.append('{"a":1}\n', 1);
  await new Promise((resolve) => setTimeout(resolve, 60));
  await spool.handedOver();
  expect(sealed.map((s) => s.rows)).toEqual([1]);
});

test('recovers segments left by a crash, cutting a torn last line, and continues the sequence', () => {
  const dir = spoolDir();
  fs.writeFileSync(path.join(dir, 'segment-000000000007.jsonl'), '{"a":1}\n{"a":2}\n{"a":');
  fs.writeFileSync(path.join(dir, 'segment-000000000003.jsonl'), '{"b":1}\n');
  fs.writeFileSync(path.join(dir, 'segment-000000000009.jsonl'), '{"torn');
  const spool = new RowSpool({ dir, maxRows: 10, maxAgeMs: 1000, maxBytes: 1 << 20 }, () => {});
  const found = spool.recover();
  expect(found.map((s) => path.basename(s.file))).toEqual(['segment-000000000003.jsonl', 'segment-000000000007.jsonl']);
  expect(fs.readFileSync(found[1]!.file, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  expect(fs.existsSync(path.join(dir, 'segment-000000000009.jsonl'))).toBe(false);
  expect(spool.backlogBytes).toBe(8 + 16);
});

test('refuses appends with SpoolFullError once unsent bytes pass the bound, and accepts again after release', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1, maxAgeMs: 60_000, maxBytes: 10 }, (s) => sealed.push(s));
  await spool.append('{"a":"0123456789"}\n', 1);
  await spool.handedOver();
  await expect(spool.append('{"a":2}\n', 1)).rejects.toBeInstanceOf(SpoolFullError);
  spool.release(sealed[0]!);
  await expect(spool.append('{"a":2}\n', 1)).resolves.toBeUndefined();
});
