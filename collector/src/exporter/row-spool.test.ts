import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { QUARANTINE_DIR, RowSpool, SpoolFullError, SpoolWriteError, type SealedSegment } from './row-spool.js';

const dirs: string[] = [];
function spoolDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
/** Blocks are opaque to the spool: any bytes stand for one. */
const block = (text: string) => Buffer.from(text);
const read = (file: string) => fs.readFileSync(file, 'utf8');

test('seals a segment by row count and hands it over with exactly the appended blocks, each in the index', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 3, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  spool.recover();
  await spool.append(block('first+second'), 2);
  expect(sealed).toHaveLength(0);
  await spool.append(block('third'), 1);
  await spool.handedOver();
  expect(sealed).toEqual([{ file: expect.stringMatching(/segment-000000000001\.blocks$/), rows: 3, bytes: 17, blocks: 2 }]);
  expect(read(sealed[0]!.file)).toBe('first+secondthird');
  expect(read(`${sealed[0]!.file}.index`)).toBe('0 12 2\n12 5 1\n');
  spool.release(sealed[0]!);
  expect(fs.readdirSync(path.dirname(sealed[0]!.file))).toEqual([]);
  expect(spool.backlogBytes).toBe(0);
});

test('seals by age', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1000, maxAgeMs: 20, minAgeMs: 20, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  await spool.append(block('a'), 1);
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
      await spool.append(block('a'), 1);
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

test('recovers segments left by a crash, each cut back to the blocks its index lists, and continues the sequence', () => {
  const dir = spoolDir();
  const write = (n: number, data: string, index: string | undefined) => {
    fs.writeFileSync(path.join(dir, `segment-00000000000${n}.blocks`), data);
    if (index !== undefined) fs.writeFileSync(path.join(dir, `segment-00000000000${n}.blocks.index`), index);
  };
  write(3, 'whole', '0 5 4\n');
  // The crash cut the last block short: its index line was never written, and it was never acknowledged.
  write(5, 'abcdefg-torn', '0 2 1\n2 5 2\n');
  // The last block is whole but the crash cut its index line: dropped too.
  write(6, 'onetwo', '0 3 1\n3 3');
  // Created, nothing completed: removed.
  write(7, 'tor', undefined);
  write(8, '', '');
  const spool = new RowSpool({ dir, maxRows: 10, maxAgeMs: 1000, minAgeMs: 1000, maxBytes: 1 << 20 }, () => {});
  const found = spool.recover();
  expect(found.map((s) => [path.basename(s.file), s.rows, s.blocks, read(s.file)])).toEqual([
    ['segment-000000000003.blocks', 4, 1, 'whole'],
    ['segment-000000000005.blocks', 3, 2, 'abcdefg'],
    ['segment-000000000006.blocks', 1, 1, 'one'],
  ]);
  expect(fs.readdirSync(dir).sort()).toEqual(found.flatMap((s) => [path.basename(s.file), `${path.basename(s.file)}.index`]).sort());
  expect(spool.backlogBytes).toBe(5 + 7 + 3);
});

test('an index that does not describe its file from the start lists nothing past the first line that breaks the chain', () => {
  const dir = spoolDir();
  fs.writeFileSync(path.join(dir, 'segment-000000000001.blocks'), 'aabbbcc');
  fs.writeFileSync(path.join(dir, 'segment-000000000001.blocks.index'), '0 2 1\n3 2 1\n2 3 1\n');
  fs.writeFileSync(path.join(dir, 'segment-000000000002.blocks'), 'short');
  fs.writeFileSync(path.join(dir, 'segment-000000000002.blocks.index'), '0 9 1\n');
  const found = new RowSpool({ dir, maxRows: 10, maxAgeMs: 1000, minAgeMs: 1000, maxBytes: 1 << 20 }, () => {}).recover();
  expect(found.map((s) => [path.basename(s.file), read(s.file), s.rows])).toEqual([['segment-000000000001.blocks', 'aa', 1]]);
});

test('refuses appends with SpoolFullError once unsent bytes pass the bound, and accepts again after release', async () => {
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 10 }, (s) => sealed.push(s));
  await spool.append(block('0123456789ab'), 1);
  await spool.handedOver();
  await expect(spool.append(block('x'), 1)).rejects.toBeInstanceOf(SpoolFullError);
  spool.release(sealed[0]!);
  await expect(spool.append(block('x'), 1)).resolves.toBeUndefined();
});

test('the bound counts the open segment too: an append that would pass it is refused, an empty spool takes any one', async () => {
  const spool = new RowSpool({ dir: spoolDir(), maxRows: 1000, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 20 }, () => {});
  await spool.append(block('x'.repeat(25)), 1); // more than the bound, but the spool was empty
  expect(spool.backlogBytes).toBe(25);
  await expect(spool.append(block('12345678'), 1)).rejects.toThrow(
    new SpoolFullError('spool holds 25 bytes not yet stored and 8 more would pass its limit of 20; storage is behind or down'),
  );
});

test('split rewrites a segment as one segment per block, in order, and keeps the backlog the same', async () => {
  const dir = spoolDir();
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir, maxRows: 100, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  for (const [text, rows] of [
    ['one', 1],
    ['two!', 2],
    ['three', 3],
  ] as const)
    await spool.append(block(text), rows);
  spool.seal();
  await spool.handedOver();
  const parts = spool.split(sealed[0]!);
  expect(parts.map((p) => [read(p.file), read(`${p.file}.index`), p.rows, p.blocks])).toEqual([
    ['one', '0 3 1\n', 1, 1],
    ['two!', '0 4 2\n', 2, 1],
    ['three', '0 5 3\n', 3, 1],
  ]);
  expect(fs.existsSync(sealed[0]!.file)).toBe(false);
  expect(spool.backlogBytes).toBe(12);
});

test('quarantine moves a segment aside, keeps only the newest 20, and releases its bytes', async () => {
  const dir = spoolDir();
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir, maxRows: 1, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  for (let i = 0; i < 22; i++) await spool.append(block(`block ${i}`), 1);
  await spool.handedOver();
  for (const segment of sealed) spool.quarantine(segment);
  const kept = fs.readdirSync(path.join(dir, QUARANTINE_DIR)).sort();
  expect(kept).toHaveLength(20);
  expect(kept.slice(0, 2)).toEqual([path.basename(sealed[12]!.file), `${path.basename(sealed[12]!.file)}.index`]);
  expect(read(path.join(dir, QUARANTINE_DIR, kept[18]!))).toBe('block 21');
  expect(read(path.join(dir, QUARANTINE_DIR, kept[19]!))).toBe('0 8 1\n');
  expect(spool.backlogBytes).toBe(0);
  expect(fs.readdirSync(dir)).toEqual([QUARANTINE_DIR]);
});

test('a write that fails leaves the segment torn: it is sealed at once with the blocks that made it, and the spool goes on', async () => {
  const dir = spoolDir();
  const sealed: SealedSegment[] = [];
  const spool = new RowSpool({ dir, maxRows: 100, maxAgeMs: 60_000, minAgeMs: 60_000, maxBytes: 1 << 20 }, (s) => sealed.push(s));
  await spool.append(block('kept'), 1);
  // The disk refuses the next write.
  const write = vi.spyOn(fs, 'write').mockImplementationOnce(((...args: unknown[]) => {
    const callback = args.at(-1) as (error: Error) => void;
    callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
  }) as typeof fs.write);
  // Two requests at once: the first one's write fails, and the one queued behind it is refused too, unwritten.
  const [lost, after] = await Promise.allSettled([spool.append(block('lost'), 1), spool.append(block('after'), 2)]);
  write.mockRestore();
  expect([lost, after]).toEqual([
    {
      status: 'rejected',
      reason: new SpoolWriteError(
        `cannot write spool file ${path.join(dir, 'segment-000000000001.blocks')}: ENOSPC: no space left on device, write`,
      ),
    },
    {
      status: 'rejected',
      reason: new SpoolWriteError(
        `cannot write spool file ${path.join(dir, 'segment-000000000001.blocks')}: a write before this one failed`,
      ),
    },
  ]);
  await spool.handedOver();
  expect(sealed.map((s) => [path.basename(s.file), read(s.file), s.rows])).toEqual([['segment-000000000001.blocks', 'kept', 1]]);
  await spool.append(block('next'), 1);
  spool.seal();
  await spool.handedOver();
  expect(sealed.map((s) => read(s.file))).toEqual(['kept', 'next']);
  expect(spool.backlogBytes).toBe(8);
});
