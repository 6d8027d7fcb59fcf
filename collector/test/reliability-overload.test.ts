// Overload: 200 senders at once against a collector that admits 4 exports at a time. The rest get 429 (or 503 near
// the memory limit) with Retry-After; senders that honour it get everything stored exactly once; resident memory
// stays under COSTTRACE_MAX_MEMORY_MB; the process never falls over. Slow, stalled and vanishing clients time out
// without holding an export slot.
import net from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeBatches } from '../../bench/otlp-batches.js';
import { eventually, sqlRows, startCollector, type CollectorProcess } from './helpers/collector-process.js';
import { postTraces, PROTOBUF, residentMemoryMb, rowsPerSpan, seededRandom, spanIdsOf, untilStored } from './helpers/otlp-load.js';

const SENDERS = 200;
const SPANS = 50;
const MAX_MEMORY_MB = 512;
const CLIENT_TIMEOUT_MS = 1_000;
const batches = makeBatches(SENDERS, SPANS, 'protobuf') as Uint8Array[];
let collector: CollectorProcess;

beforeAll(async () => {
  collector = await startCollector({
    env: {
      COSTTRACE_MAX_CONCURRENT_REQUESTS: '4',
      COSTTRACE_MAX_MEMORY_MB: String(MAX_MEMORY_MB),
      COSTTRACE_CLIENT_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS),
      COSTTRACE_BATCH_MAX_AGE_MS: '50',
    },
  });
});
afterAll(async () => {
  await collector?.stop();
});

test(`${SENDERS} concurrent senders above capacity: 429/503 with Retry-After, then all stored exactly once, memory under the limit`, async () => {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, residentMemoryMb(collector.child.pid!).rss)), 10);
  const histogram: Record<string, number> = {};
  const random = seededRandom(0x6f766572); // "over"
  let firstRefusals = 0;
  let attempts = 0;
  try {
    // Each sender behaves like an OTLP exporter: on 429/503 it waits Retry-After (plus jitter) and sends again.
    await Promise.all(
      batches.map(async (batch, index) => {
        const jitterMs = random() * 1000;
        for (let attempt = 1; ; attempt++) {
          const answer = await postTraces(collector.url, batch, PROTOBUF);
          attempts = Math.max(attempts, attempt);
          histogram[answer.status] = (histogram[answer.status] ?? 0) + 1;
          if (answer.status === 200) return;
          expect([429, 503], `batch ${index}`).toContain(answer.status);
          expect(answer.headers['retry-after']).toMatch(/^[1-9]\d*$/);
          expect(answer.body.length).toBeGreaterThan(0);
          if (attempt === 1) firstRefusals++;
          await new Promise((resolve) => setTimeout(resolve, Number(answer.headers['retry-after']) * 1000 + jitterMs));
        }
      }),
    );
    await untilStored(collector);
  } finally {
    clearInterval(sampler);
  }
  expect(firstRefusals).toBeGreaterThan(0);
  const memory = residentMemoryMb(collector.child.pid!);
  const { final } = await rowsPerSpan(collector);
  for (const batch of batches) for (const id of spanIdsOf(batch)) expect(final.get(id)).toBe(1);
  expect(final.size).toBe(SENDERS * SPANS);
  expect(collector.child.exitCode).toBeNull();
  expect(Math.max(peakRss, memory.peak)).toBeLessThan(MAX_MEMORY_MB);
  console.log(
    `overload: ${SENDERS} concurrent senders, 4 admitted at a time; answers ${JSON.stringify(histogram)}, at most ${attempts} ` +
      `attempts per batch honouring Retry-After; ${final.size} spans stored exactly once; peak RSS ${Math.round(Math.max(peakRss, memory.peak))} MiB ` +
      `(limit ${MAX_MEMORY_MB} MiB)`,
  );
}, 60_000);

/** Opens a raw connection, writes `text`, and resolves with what the server sent before it closed, and when. */
function stall(text: string, hangUpAfterMs?: number): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let reply = '';
    const socket = net.connect(collector.port, '127.0.0.1', () => {
      socket.write(text);
      if (hangUpAfterMs !== undefined) setTimeout(() => socket.destroy(), hangUpAfterMs);
    });
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }));
  });
}

test('stalled headers and stalled bodies are cut off; clients that vanish mid-body hold no export slot', async () => {
  const headers = (length: number) =>
    `POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: ${length}\r\n\r\n`;
  const [stalledHeaders, stalledBody] = await Promise.all([
    stall('POST /v1/traces HTTP/1.1\r\nHost: x\r\n'),
    stall(`${headers(1000)}0123456789`),
  ]);
  expect(stalledHeaders.reply).toMatch(/^HTTP\/1\.1 408/);
  expect(stalledHeaders.closedAfterMs).toBeLessThan(CLIENT_TIMEOUT_MS * 4);
  expect(stalledBody.reply).toMatch(/^HTTP\/1\.1 408/);
  expect(stalledBody.reply).toContain(`request body stalled for ${CLIENT_TIMEOUT_MS} ms`);
  expect(stalledBody.closedAfterMs).toBeLessThan(CLIENT_TIMEOUT_MS * 4);

  // Twice as many vanishing clients as there are export slots; afterwards a real export still gets in.
  await Promise.all(Array.from({ length: 8 }, () => stall(`${headers(100_000)}${'x'.repeat(1000)}`, 50)));
  expect((await postTraces(collector.url, batches[0]!, PROTOBUF)).status).toBe(200);
});

test('near the memory limit exports are admitted one at a time; the rest get 503 + Retry-After naming memory', async () => {
  // 256 MiB is the smallest limit accepted, and below what the embedded engine alone keeps resident: every export
  // meets memory pressure, deterministically.
  const tight = await startCollector({ env: { COSTTRACE_MAX_MEMORY_MB: '256', COSTTRACE_BATCH_MAX_AGE_MS: '50' } });
  try {
    // The warning follows the line the collector writes once it listens, and may reach the pipe a moment later.
    const warning = /warning: resident memory is already \d+ MiB, past 85% of COSTTRACE_MAX_MEMORY_MB=256/;
    await eventually(async () => (warning.test(tight.stderr()) ? true : undefined), 5_000).catch(() => undefined);
    expect(tight.stderr()).toMatch(warning);
    const sent = batches.slice(0, 8);
    const answers = await Promise.all(sent.map((batch) => postTraces(tight.url, batch, PROTOBUF)));
    const accepted = sent.filter((_, i) => answers[i]!.status === 200);
    const shed = answers.filter((a) => a.status === 503);
    expect(accepted.length).toBeGreaterThan(0);
    expect(shed.length).toBeGreaterThan(0);
    expect(accepted.length + shed.length).toBe(sent.length);
    for (const answer of shed) {
      expect(answer.headers['retry-after']).toBe('2');
      expect(answer.body.toString('latin1')).toMatch(/collector memory is near its limit \(RSS \d+ MiB of 256 MiB COSTTRACE_MAX_MEMORY_MB/);
    }
    await untilStored(tight);
    const [stored] = await sqlRows(tight, 'SELECT count() AS n FROM costtrace.cost_events FINAL');
    expect(stored).toEqual({ n: String(accepted.length * SPANS) });
    expect(tight.child.exitCode).toBeNull();
  } finally {
    await tight.stop();
  }
});
