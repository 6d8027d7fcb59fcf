// Hostile input against one running collector, with a fixed seed: thousands of mutated protobuf and JSON bodies and
// a few extreme ones. Every request is answered in time with an OTLP status and a message, the process never falls
// over, a partly bad batch keeps its valid spans and names each rejected one, and nothing poisons the pipeline.
import http from 'node:http';
import zlib from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeBatches } from '../../bench/otlp-batches.js';
import { eventually, sqlRows, startCollector, type CollectorProcess } from './helpers/collector-process.js';
import {
  deepProtobuf,
  millionAttributes,
  millionAttributesJson,
  mutateBytes,
  mutateJson,
  seededBatches,
} from './helpers/hostile-bodies.js';
import { JSON_TYPE, metric, postTraces, PROTOBUF, seededRandom, spanIdsOf, untilStored, type Answer } from './helpers/otlp-load.js';

const SEED = 0x66757a7a; // "fuzz"
const MUTATIONS_PER_ENCODING = 2_000;
const CONCURRENCY = 4;
const ANSWER_WITHIN_MS = 20_000;
let collector: CollectorProcess;

beforeAll(async () => {
  collector = await startCollector({ env: { COSTTRACE_BATCH_MAX_AGE_MS: '50' } });
});
afterAll(async () => {
  await collector?.stop();
});

/** The message an OTLP answer carries: google.rpc.Status.message for errors, partial_success.error_message for 200s. */
function messageOf(answer: Answer, contentType: string): { rejected: number; message: string } {
  if (answer.headers['content-type']?.startsWith('application/json')) {
    const body = JSON.parse(answer.body.toString()) as {
      message?: string;
      partialSuccess?: { rejectedSpans?: string; errorMessage?: string };
    };
    return { rejected: Number(body.partialSuccess?.rejectedSpans ?? 0), message: body.message ?? body.partialSuccess?.errorMessage ?? '' };
  }
  expect(answer.headers['content-type']).toBe(contentType);
  const reader = protobuf.Reader.create(answer.body);
  let rejected = 0;
  let message = '';
  // 200: ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1; error_message = 2 } };
  // errors: google.rpc.Status { code = 1; message = 2 }.
  let end = reader.len;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (answer.status === 200 && tag === 0x0a) end = reader.uint32() + reader.pos;
    else if (answer.status === 200 && tag === 0x08) rejected = Number(reader.int64());
    else if (tag === 0x12) message = reader.string();
    else reader.skipType(tag & 7);
  }
  return { rejected, message };
}

test(`fuzz: ${2 * MUTATIONS_PER_ENCODING} mutated bodies and extreme ones, seed ${SEED.toString(16)}: always answered, never down`, async () => {
  const random = seededRandom(SEED);
  const bases = [...seededBatches(random, 6, 'valid'), ...seededBatches(random, 6, 'hostile')];
  const protobufBases = bases.map((b) => b.protobuf);
  const jsonBases = bases.map((b) => b.json);
  const bodies: Array<{ body: Uint8Array | string; type: string; headers?: Record<string, string>; kind: string }> = [];
  for (let i = 0; i < MUTATIONS_PER_ENCODING; i++) {
    const base = protobufBases[i % protobufBases.length]!;
    const body = i % 4 === 0 ? base : mutateBytes(random, base, protobufBases[Math.floor(random() * protobufBases.length)]!);
    bodies.push({ body, type: PROTOBUF, kind: 'protobuf' });
    const jsonBase = jsonBases[i % jsonBases.length]!;
    const json =
      i % 2 === 0 ? mutateJson(random, jsonBase) : mutateBytes(random, jsonBase, jsonBases[Math.floor(random() * jsonBases.length)]!);
    bodies.push({ body: json, type: JSON_TYPE, kind: 'json' });
  }
  const deepJson = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","attributes":[{"key":"deep","value":${'{"arrayValue":{"values":['.repeat(100_000)}{"stringValue":"x"}${']}}'.repeat(100_000)}}]}]}]}]}`;
  const extremes = [
    {
      body: millionAttributes('5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174'),
      type: PROTOBUF,
      kind: 'million attributes',
      expect: 200,
    },
    { body: millionAttributesJson(), type: JSON_TYPE, kind: 'million attributes json', expect: 413 },
    {
      body: deepProtobuf('5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b176', 5_000),
      type: PROTOBUF,
      kind: 'deep protobuf',
      expect: 200,
    },
    { body: deepJson, type: JSON_TYPE, kind: 'deep json', expect: 200 },
    { body: `[${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}]`, type: JSON_TYPE, kind: 'deep array', expect: 400 },
    {
      body: zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)),
      type: PROTOBUF,
      headers: { 'content-encoding': 'gzip' },
      kind: 'gzip bomb',
      expect: 413,
    },
    { body: Buffer.alloc(0), type: PROTOBUF, kind: 'empty', expect: 200 },
    { body: '', type: JSON_TYPE, kind: 'empty json', expect: 400 },
    { body: 'null', type: JSON_TYPE, kind: 'json null', expect: 400 },
    { body: protobufBases[0]!, type: 'text/plain', kind: 'wrong type', expect: 415 },
  ];

  const histogram: Record<string, number> = {};
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const started = Date.now();
  let next = 0;
  let rejectedWithReason = 0;
  const check = async (item: (typeof bodies)[number] & { expect?: number }) => {
    const answer = await postTraces(collector.url, item.body, item.type, {
      agent,
      headers: item.headers,
      timeoutMs: ANSWER_WITHIN_MS,
    }).catch((error: Error) => {
      throw new Error(`${item.kind} body got no answer: ${error.message}; collector: ${collector.stderr()}`);
    });
    histogram[answer.status] = (histogram[answer.status] ?? 0) + 1;
    if (item.expect !== undefined) expect(answer.status, item.kind).toBe(item.expect);
    expect([200, 400, 413, 415], `${item.kind}: ${answer.body.toString('latin1').slice(0, 200)}`).toContain(answer.status);
    const { rejected, message } = messageOf(answer, item.type === 'text/plain' ? JSON_TYPE : item.type);
    if (answer.status !== 200) expect(message.length, item.kind).toBeGreaterThan(10);
    if (rejected > 0) {
      expect(message, item.kind).toMatch(/^rejected \d+ span\(s\): \S/);
      rejectedWithReason++;
    }
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await check(bodies[next++]!);
    }),
  );
  for (const extreme of extremes) await check(extreme);
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;

  // Still up, healthy and storing: a clean batch after all of that is stored, and nothing was set aside as unparsable.
  expect(collector.child.exitCode).toBeNull();
  expect(await (await fetch(`${collector.url}/health`)).json()).toEqual({ status: 'ok', db: 'ok' });
  const [clean] = makeBatches(1, 20, 'protobuf') as Uint8Array[];
  expect((await postTraces(collector.url, clean!, PROTOBUF)).status).toBe(200);
  await untilStored(collector);
  const ids = spanIdsOf(clean!);
  const [stored] = await sqlRows(
    collector,
    `SELECT count() AS n FROM costtrace.cost_events FINAL WHERE span_id IN (${ids.map((id) => `'${id}'`).join(',')})`,
  );
  expect(stored).toEqual({ n: '20' });
  expect(await metric(collector, 'costtrace_spool_segments_quarantined_total')).toBe(0);
  expect(await metric(collector, 'costtrace_spool_errors_total')).toBe(0);
  const [million] = await sqlRows(
    collector,
    "SELECT cost_usd, length(meta) AS meta FROM costtrace.cost_events FINAL WHERE feature = 'million'",
  );
  expect(million).toEqual({ cost_usd: '0.00045', meta: '0' });
  const total = bodies.length + extremes.length;
  console.log(
    `fuzz (seed ${SEED.toString(16)}): ${total} bodies in ${seconds.toFixed(1)} s, status histogram ${JSON.stringify(histogram)}; ` +
      `${rejectedWithReason} answers rejected spans with a reason; process alive, no row set aside`,
  );
}, 120_000);

test('a partly bad batch keeps exactly its valid spans and names the reason for every rejected one', async () => {
  const now = BigInt(Date.now()) * 1_000_000n;
  const trace = 'abcdef0123456789abcdef0123456789';
  const usage = (input: unknown, extra: object[] = []) => [
    { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
    { key: 'gen_ai.usage.input_tokens', value: input },
    { key: 'gen_ai.usage.output_tokens', value: { intValue: 0 } },
    ...extra,
  ];
  const span = (spanId: string, attributes: object[], start = now) => ({
    traceId: trace,
    spanId,
    name: 'chat',
    kind: 3,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 1000n),
    attributes,
  });
  const spans = [
    span('0000000000000001', usage({ intValue: 1_000_000 })),
    span('0000000000000002', usage({ intValue: -5 })),
    span('0000000000000003', usage({ doubleValue: 'NaN' })),
    span('0000000000000004', usage({ stringValue: 'abc' })),
    span('0000000000000005', usage({ intValue: '10000000000000' })),
    span('0000000000000006', usage({ intValue: 10 }), 0n),
    span('0000000000000007', usage({ intValue: 10 }), now + 10n * 24n * 3600n * 1_000_000_000n),
    span('00000000000008', usage({ intValue: 10 })),
    span('0000000000000009', usage({ intValue: 10 }, [{ key: 'costtrace.cost_usd', value: { doubleValue: -1 } }])),
    span(
      '000000000000000a',
      usage({ intValue: 2_000_000 }, [{ key: 'costtrace.feature', value: { stringValue: 'lone \ud800 surrogate' } }]),
    ),
    span('000000000000000b', usage({ intValue: 10 }, [{ key: 'costtrace.units.credits', value: { doubleValue: 'Infinity' } }])),
  ];
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'mixed' } }] }, scopeSpans: [{ spans }] }],
  });
  const answer = await postTraces(collector.url, body, JSON_TYPE);
  expect(answer.status).toBe(200);
  const { rejected, message } = messageOf(answer, JSON_TYPE);
  expect(rejected).toBe(9);
  for (const reason of [
    /spans\[7\]\.spanId: expected 16 hex chars/,
    /span 0000000000000002: gen_ai\.usage\.input_tokens: expected a whole number from 0 to 1e12, got -5/,
    /span 0000000000000003: gen_ai\.usage\.input_tokens: .*got NaN/,
    /span 0000000000000004: gen_ai\.usage\.input_tokens: .*got 'abc'/,
    /span 0000000000000005: gen_ai\.usage\.input_tokens: .*got 10000000000000/,
    /span 0000000000000006: start_time_unix_nano 0 is outside/,
    /span 0000000000000007: start_time_unix_nano \d+ is outside/,
    /span 0000000000000009: costtrace\.cost_usd: expected a non-negative decimal, got -1/,
    /span 000000000000000b: costtrace\.units\.credits: expected a non-negative number, got Infinity/,
  ]) {
    expect(message).toMatch(reason);
  }
  const rows = await eventually(async () => {
    const found = await sqlRows(
      collector,
      "SELECT span_id, feature, cost_usd FROM costtrace.cost_events FINAL WHERE app = 'mixed' ORDER BY span_id",
    );
    return found.length === 2 ? found : undefined;
  });
  // gpt-4o-mini input at $0.15 per million tokens; the lone surrogate is stored as U+FFFD.
  expect(rows).toEqual([
    { span_id: '0000000000000001', feature: '', cost_usd: '0.15' },
    { span_id: '000000000000000a', feature: 'lone \ufffd surrogate', cost_usd: '0.3' },
  ]);
});
