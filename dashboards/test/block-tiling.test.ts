// The blocks a panel reads from the per-user and per-org block rollups tile its window exactly: over random windows
// and boundaries, run in the real engine, every instant of [from, to) lies in exactly one block read.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BLOCK_LEVELS as VIEW_LEVELS, RANKS_READ as VIEW_RANKS } from '../../collector/src/store/schema.js';
import { RANKS_READ } from '../src/user-bounds.js';
import { BLOCK_LEVELS, tiling, USER_BLOCKS } from '../src/user-rollups.js';
import { openEngine, type Engine } from './engine.js';

const DAY = 86_400;
const HOUR = 3_600;

let engine: Engine;

beforeAll(async () => {
  engine = await openEngine();
});

afterAll(async () => {
  await engine?.close();
});

test('the panels read the block levels and ranks the views store', () => {
  expect(BLOCK_LEVELS).toBe(VIEW_LEVELS);
  expect(RANKS_READ).toBe(VIEW_RANKS);
});

/** A deterministic pseudo-random sequence, so that a failure names windows that can be replayed. */
function* random(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    yield state / 2 ** 31;
  }
}

test('every window is tiled exactly, up to a boundary inside a day or at a midnight', async () => {
  const next = random(20_251_122);
  const int = (n: number) => Math.floor(next.next().value! * n);
  for (let i = 0; i < 300; i++) {
    // from: a midnight; boundary: an hour up to 300 days later; to: the boundary, or a midnight before it.
    const from = (20_000 + int(400)) * DAY;
    const boundary = from + int(300 * 24) * HOUR;
    const to = int(3) === 0 ? boundary : from + Math.floor(int(boundary - from) / DAY) * DAY;
    const n = USER_BLOCKS.name;
    const [row] = await engine.rows(
      `WITH toDateTime(${from}, 'UTC') AS ${n}_from, toDateTime(${to}, 'UTC') AS ${n}_to, toDateTime(${boundary}, 'UTC') AS ${n}_boundary
       SELECT groupArray((level, toUInt32(start))) AS blocks FROM (${tiling(USER_BLOCKS)})`,
    );
    // Each block covers [start, start + 2^level days), clipped at the boundary (the view holds nothing after it).
    const covered = (row!.blocks as [number, number][])
      .map(([level, start]) => [start, Math.min(start + 2 ** level * DAY, boundary)] as const)
      .sort((a, b) => a[0] - b[0]);
    const label = `from ${from}, to ${to}, boundary ${boundary}: ${JSON.stringify(row!.blocks)}`;
    let reached = from;
    for (const [start, end] of covered) {
      expect(start, label).toBe(reached);
      expect(end, label).toBeGreaterThan(start);
      reached = end;
    }
    expect(reached, label).toBe(Math.max(from, to));
    // At most two blocks a level: a window of n days reads O(log n) blocks.
    expect(covered.length, label).toBeLessThanOrEqual(2 * BLOCK_LEVELS);
  }
});
