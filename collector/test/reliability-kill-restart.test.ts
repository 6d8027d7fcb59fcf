// Acknowledged means durable: concurrent senders post distinct batches to a `costtrace serve` child process, which
// is killed with SIGKILL at a seeded random moment mid-ingest; after a restart on the same data directory every
// span whose request got a 200 is stored, and no span is ever counted twice.
import http from 'node:http';
import { expect, test } from 'vitest';
import { makeBatches } from '../../bench/otlp-batches.js';
import { eventually, sqlRows, startCollector, tempDataDir } from './helpers/collector-process.js';
import { postTraces, PROTOBUF, rowsPerSpan, seededRandom, spanIdsOf, spooledSegments } from './helpers/otlp-load.js';

const SEED = 0x6b696c6c; // "kill"
const ROUNDS = 4;
const BATCHES_PER_ROUND = 80;
const SPANS_PER_BATCH = 75;
const SENDERS = 4;
// Small, young segments: the kill lands among open segments, sealed ones and inserts in flight.
const ENV = { COSTTRACE_BATCH_MAX_ROWS: '500', COSTTRACE_BATCH_MAX_AGE_MS: '20' };

const random = seededRandom(SEED);
const batches = makeBatches(ROUNDS * BATCHES_PER_ROUND, SPANS_PER_BATCH, 'protobuf') as Uint8Array[];

interface RoundResult {
  acknowledged: number;
  killedAfter: number;
  replayedSegments: number;
  storedFinal: number;
  rawDuplicates: number;
}

async function killDuringIngest(round: number): Promise<RoundResult> {
  const mine = batches.slice(round * BATCHES_PER_ROUND, (round + 1) * BATCHES_PER_ROUND);
  const ids = mine.map((batch) => spanIdsOf(batch));
  const dataDir = tempDataDir('costtrace-kill-');
  const collector = await startCollector({ dataDir, env: ENV });
  // Kill once between 20% and 60% of the batches are acknowledged, 0-15 ms after that answer: the rest (at least 32
  // batches) cannot all be answered in that time, even on a loaded machine.
  const killAt = Math.floor(BATCHES_PER_ROUND * (0.2 + 0.4 * random()));
  const killDelayMs = Math.floor(random() * 15);
  const acknowledged = new Set<number>();
  let killScheduled = false;
  let dead = false;
  const exited = new Promise<void>((resolve) => collector.child.once('exit', () => resolve()));
  void exited.then(() => (dead = true));
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (!dead && next < mine.length) {
        const index = next++;
        try {
          const answer = await postTraces(collector.url, mine[index]!, PROTOBUF, { agent });
          if (answer.status === 200) acknowledged.add(index);
        } catch {
          // The connection died with the collector: this batch was not acknowledged.
        }
        if (acknowledged.size >= killAt && !killScheduled) {
          killScheduled = true;
          setTimeout(() => collector.child.kill('SIGKILL'), killDelayMs);
        }
      }
    }),
  );
  agent.destroy();
  await exited;
  expect(collector.child.signalCode, `collector exited by itself: ${collector.stderr()}`).toBe('SIGKILL');
  // The kill came mid-ingest: batches were still unsent or in flight.
  expect(acknowledged.size).toBeLessThan(mine.length);
  const leftover = spooledSegments(dataDir).length;

  const restarted = await startCollector({ dataDir, env: ENV });
  try {
    await eventually(async () => (spooledSegments(dataDir).length === 0 ? true : undefined), 30_000);
    // Segments with no complete row (opened just before the kill) are dropped, not replayed.
    const replayed = Number(/replaying (\d+) spool segment\(s\) left by the previous run/.exec(restarted.stderr())?.[1] ?? 0);
    expect(replayed).toBeLessThanOrEqual(leftover);
    const { raw, final } = await rowsPerSpan(restarted);
    const sent = new Set(ids.flat());
    // Every acknowledged span is stored, exactly once under FINAL.
    for (const index of acknowledged) {
      for (const id of ids[index]!) expect(final.get(id), `batch ${index} span ${id}`).toBe(1);
    }
    // Nothing else appears, and no span is counted twice by any read path.
    for (const [id, n] of final) {
      expect(sent.has(id), `unexpected span ${id}`).toBe(true);
      expect(n).toBe(1);
    }
    const [totals] = await sqlRows<{ n: string; spans: string }>(
      restarted,
      'SELECT count() AS n, uniqExact(span_id) AS spans FROM costtrace.cost_events FINAL',
    );
    expect(Number(totals!.n)).toBe(Number(totals!.spans));
    expect(Number(totals!.n)).toBeGreaterThanOrEqual(acknowledged.size * SPANS_PER_BATCH);
    // A request is written to the spool in one piece: a batch that was not acknowledged is there whole, in part
    // (a write cut short by the kill keeps its complete rows) or not at all, and each of its spans at most once.
    const rawRows = [...raw.values()].reduce((a, b) => a + b, 0);
    return {
      acknowledged: acknowledged.size,
      killedAfter: killAt,
      replayedSegments: replayed,
      storedFinal: Number(totals!.n),
      rawDuplicates: rawRows - final.size,
    };
  } finally {
    await restarted.stop();
  }
}

test(`SIGKILL at ${ROUNDS} seeded random moments mid-ingest: every acknowledged span stored exactly once after restart`, async () => {
  const results: RoundResult[] = [];
  for (let round = 0; round < ROUNDS; round++) results.push(await killDuringIngest(round));
  const acknowledgedSpans = results.reduce((sum, r) => sum + r.acknowledged * SPANS_PER_BATCH, 0);
  const replayed = results.reduce((sum, r) => sum + r.replayedSegments, 0);
  console.log(
    `kill -9 rounds: ${results
      .map(
        (r) =>
          `acked ${r.acknowledged}/${BATCHES_PER_ROUND} batches, replayed ${r.replayedSegments} segment(s), ` +
          `${r.storedFinal} spans under FINAL, ${r.rawDuplicates} raw duplicate row(s) collapsed`,
      )
      .join('; ')}. ` + `Total: ${acknowledgedSpans} acknowledged spans, 0 lost, 0 counted twice.`,
  );
  // The kills did land mid-ingest: something acknowledged was still only in the spool and had to be replayed.
  expect(replayed).toBeGreaterThan(0);
}, 120_000);
