// npm run bench:ingest — end-to-end ingest throughput of `costtrace serve` on embedded ClickHouse.
// This process is the sender: it starts the collector as a child process, posts 512-span protobuf batches over
// loopback from several concurrent connections, and measures spans/s accepted (all 200s back), spans/s queryable
// (rows countable), the collector's peak RSS, and the ratio to the engine's own INSERT … SELECT rate for the same
// rows measured in this run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { makeBatches } from './otlp-batches.js';
import { MIGRATIONS } from '../collector/dist/store/schema.js';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 600);
const SPANS_PER_BATCH = 512;
// The OpenTelemetry Collector's exporter sends from 10 consumers by default; 8 senders is a conservative match.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const cli = fileURLToPath(new URL('../collector/dist/cli.js', import.meta.url));

const total = BATCHES * SPANS_PER_BATCH;
console.log(`generating ${BATCHES} distinct protobuf batches of ${SPANS_PER_BATCH} spans with the official OTel serializer…`);
const batches = makeBatches(BATCHES, SPANS_PER_BATCH);
const avgKb = batches.reduce((s, b) => s + b.length, 0) / batches.length / 1024;
console.log(`average batch: ${avgKb.toFixed(0)} KB protobuf`);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costtrace-bench-ingest-'));
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean),
    // The `costtrace` bin's flag (npm start runs the bin), so the collector measured is the one users start.
    '--max-semi-space-size=64',
    cli,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--data',
    dataDir,
  ],
  {
    stdio: ['ignore', 'inherit', 'pipe'],
  },
);
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
const port = await waitForPort(dataDir, child);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssOf(child.pid))), 50);

const t0 = performance.now();
const senderCpu0 = process.cpuUsage();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const body = batches[next++];
      const status = await post(port, body);
      if (status !== 200) throw new Error(`collector answered ${status}`);
    }
  }),
);
const acceptedSeconds = (performance.now() - t0) / 1000;
const senderCpu = process.cpuUsage(senderCpu0);
let stored = 0;
while (stored < total) {
  stored = Number(await sql(port, 'SELECT count() AS n FROM costtrace.cost_events'));
  if (stored < total) await new Promise((r) => setTimeout(r, 20));
}
const queryableSeconds = (performance.now() - t0) / 1000;
clearInterval(rssTimer);
peakRss = Math.max(peakRss, hwmOf(child.pid));
const cpu = threadCpuSeconds(child.pid);
const perSpan = (seconds) => ((seconds / total) * 1e6).toFixed(2);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });

const engineRate = await engineInsertSelectRate(1_000_000);
const accepted = total / acceptedSeconds;
const queryable = total / queryableSeconds;
console.log('');
console.log(`spans sent:                 ${total.toLocaleString()} (${CONCURRENCY} concurrent senders)`);
console.log(`spans/s accepted:           ${Math.round(accepted).toLocaleString()}`);
console.log(`spans/s queryable:          ${Math.round(queryable).toLocaleString()}`);
console.log(`collector peak RSS:         ${(peakRss / 1024).toFixed(0)} MB`);
console.log(
  `collector CPU per span:     ${perSpan(cpu.main)} µs main JS thread (HTTP, spool), ${perSpan(cpu.node)} µs other Node.js threads ` +
    `(processing thread: decode, price, encode; GC; file writes), ${perSpan(cpu.engine)} µs ClickHouse engine threads`,
);
console.log(`sender CPU per span:        ${((senderCpu.user + senderCpu.system) / total).toFixed(2)} µs (this process, posting)`);
console.log(`engine INSERT…SELECT rows/s: ${Math.round(engineRate).toLocaleString()}`);
console.log(`ratio queryable / engine:   ${(queryable / engineRate).toFixed(3)}`);
console.log(`goal ≥ 100,000 spans/s end to end: ${queryable >= 100_000 ? 'met' : 'NOT met'}`);

function post(port, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/traces',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function sql(port, query) {
  const res = await fetch(`http://127.0.0.1:${port}/v1/sql`, { method: 'POST', body: JSON.stringify({ query, format: 'json' }) });
  const json = await res.json();
  return json.data[0].n;
}

async function waitForPort(dir, proc) {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`collector exited: ${stderr}`);
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dir, 'serve.json'), 'utf8'));
      if (info.pid === proc.pid) return info.port;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('collector did not start');
}

function rssOf(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(safeRead(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}
function hwmOf(pid) {
  const m = /VmHWM:\s+(\d+)/.exec(safeRead(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}
/** CPU seconds the collector used so far: its JS (main) thread, and all its other threads together. */
/** CPU seconds of the collector's threads by kind: Node.js names all its threads `node`, the engine names its own. */
function threadCpuSeconds(pid) {
  const ticks = 100; // USER_HZ on Linux
  const cpu = { main: 0, node: 0, engine: 0 };
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    // `pid (name) state …`: utime and stime are the 12th and 13th fields after the name.
    const stat = safeRead(`/proc/${pid}/task/${tid}/stat`);
    const fields = stat.split(') ')[1]?.split(' ') ?? [];
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticks;
    if (Number(tid) === pid) cpu.main += seconds;
    else if (stat.includes(' (node) ')) cpu.node += seconds;
    else cpu.engine += seconds;
  }
  return cpu;
}
function safeRead(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The engine alone: rows shaped like the collector's, generated and inserted inside ClickHouse. */
async function engineInsertSelectRate(rows) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costtrace-bench-engine-'));
  const client = createClient({ connection: createChdbConnection({ path: dir }) });
  await client.command({ query: 'CREATE DATABASE IF NOT EXISTS costtrace ENGINE = Atomic' });
  for (const m of MIGRATIONS) for (const q of m.statements) await client.command({ query: q });
  const insert = `INSERT INTO costtrace.cost_events (timestamp, app, feature, user_id, org_id, provider, model, operation,
      input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, units, service_tier, cost_usd,
      provider_cost_usd, cost_source, unpriced_reason, price_version, trace_id, span_id, status_code, duration_ms, meta, version)
    SELECT
      now64(6) - number / 1000, 'bench-app', ['chat','search','summarize','ai-search','rank-refresh'][number % 5 + 1],
      concat('user-', toString(number % 1000)), concat('org-', toString(number % 50)), 'openai', 'gpt-4o-mini', 'chat',
      200 + number % 5000, 50 + number % 700, number % 2500, NULL, NULL, map(), '',
      toDecimal128((200 + number % 5000) * 15, 18) / 100000000, NULL, 'catalog', '', 'catalog@0.1.8',
      lower(hex(cityHash64(number))) || lower(hex(cityHash64(number + 1))), lower(hex(cityHash64(number))), 'unset', 850,
      map('plan', 'pro', 'region', 'eu-west-1'), 1
    FROM numbers(${rows})`;
  const t = performance.now();
  await client.command({ query: insert });
  const seconds = (performance.now() - t) / 1000;
  await client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rows / seconds;
}
